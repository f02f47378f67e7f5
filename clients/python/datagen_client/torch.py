"""PyTorch adapter: a generator's shard as an ``IterableDataset`` of ready-made batches.

    from datagen_client import DataGen
    from datagen_client.torch import DataGenIterableDataset
    ds = DataGenIterableDataset.create(DataGen(url), "mnist", "train", batchSize=64, dtype="uint8", layout="NCHW")
    for epoch in range(3):
        ds.set_epoch(epoch)
        for x, y in torch.utils.data.DataLoader(ds, batch_size=None):   # DataGen makes the batches
            ...

torch is imported here only, so the rest of the client needs numpy alone.
"""
import os

import numpy as np
import torch
import torch.utils.data

from .dealing import position, resume_plan

__all__ = ["DataGenIterableDataset", "distributed_shard"]


def distributed_shard():
    """(rank, world size) of this process: from torch.distributed when it is initialized, else from the
    RANK and WORLD_SIZE environment variables (as torchrun sets them), else (0, 1)."""
    dist = torch.distributed
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    rank, world = os.environ.get("RANK"), os.environ.get("WORLD_SIZE")
    if rank is None and world is None:
        return 0, 1
    if rank is None or world is None:
        raise ValueError("set both RANK and WORLD_SIZE, or neither (RANK=%r, WORLD_SIZE=%r)" % (rank, world))
    rank, world = int(rank), int(world)
    if not 0 <= rank < world:
        raise ValueError("RANK must be in [0, WORLD_SIZE): RANK=%d, WORLD_SIZE=%d" % (rank, world))
    return rank, world


class DataGenIterableDataset(torch.utils.data.IterableDataset):
    """This process's shard of a DataGen generator, one epoch per iteration, as torch tensors.

    Yields ``(inputs, outputs)`` per batch like ``Generator[i]`` (tensors, or dicts of tensors when the
    dataset has several inputs or outputs). Use with ``DataLoader(ds, batch_size=None)``: DataGen already
    batches, shuffles and shards.

    The epoch: ``set_epoch(e)`` picks it, as with DistributedSampler. Iterating in the main process
    (``num_workers=0``) also advances it by one at the end of each full pass, so a plain loop sees a new
    order every epoch; with ``num_workers > 0`` the workers iterate copies, so call ``set_epoch`` (each
    worker then reads every ``num_workers``-th batch, so the DataLoader still yields the epoch in order).

    Checkpoints: ``state_dict()`` / ``load_state_dict(state)`` (the protocol of torchdata's
    StatefulDataLoader) keep the epoch and the global position consumed. It assumes the ranks step in
    lockstep, as DDP does: when every rank has taken b batches of B from an epoch dealt to K ranks from
    position p, positions [p, p + K*b*B) are consumed (all of them once a rank has taken its last batch).
    A state loaded with another world size deals the rest of that epoch to the new ranks
    (``numShards=world, from=position``), so every remaining sample of the epoch is read exactly once;
    the epochs after it are dealt to the world from position 0. The state counts the batches yielded by
    this object, so checkpoint with ``num_workers=0`` (DataGen makes and prefetches the batches anyway).
    """

    def __init__(self, generator):
        """Wraps ``generator`` and reads this process's rank's shard of the epoch dealt to the world size:
        the generator's own shards when it was made with ``numShards`` = the world size (``create`` does
        that), else the epoch dealt anew to the world (``?numShards=world``; the order is the same)."""
        super().__init__()
        rank, world = distributed_shard()
        generator.deal(world, 0, shard=rank)
        self.generator = generator
        self.rank, self.world = rank, world
        self._first_batch = 0  # of the current dealing: after load_state_dict, where the ranks carry on
        self._yielded = 0  # batches yielded by the current pass

    @classmethod
    def create(cls, client, dataset, split, prefetch=2, **settings):
        """Creates a generator with numShards = the world size and wraps this process's shard of it.

        Every process must use the same ``seed`` (the server draws a random one otherwise, and the shards
        of different seeds are not disjoint): pass seed=..., or use ``from_id`` with one generator made
        by rank 0.
        """
        rank, world = distributed_shard()
        if world > 1 and "seed" not in settings:
            raise ValueError("with %d processes every rank needs the same seed: pass seed=..." % world)
        generator = client.generator(dataset, split, shard=rank, prefetch=prefetch, numShards=world, **settings)
        return cls(generator)

    @classmethod
    def from_id(cls, client, generator_id, prefetch=2):
        """Wraps this process's shard of an existing generator (for example one rank 0 created)."""
        rank, _ = distributed_shard()
        return cls(client.generator_by_id(generator_id, shard=rank, prefetch=prefetch))

    @property
    def epoch(self):
        return self.generator.epoch

    def set_epoch(self, epoch):
        """Reads epoch ``epoch`` from its start; the epoch already set keeps a position loaded by
        ``load_state_dict``, so ``ds.set_epoch(epoch)`` at the top of the epoch loop does not undo it."""
        if epoch != self.generator.epoch:
            self.generator.epoch = epoch
            self._start(self.world, 0, 0)

    def __len__(self):
        """Batches of this rank in a pass (what the DataLoader yields with batch_size=None): the epoch's,
        or what is left of it after ``load_state_dict``."""
        return len(self.generator) - self._first_batch

    def __iter__(self):
        worker = torch.utils.data.get_worker_info()
        first, step = (0, 1) if worker is None else (worker.id, worker.num_workers)
        self._yielded = 0
        for inputs, outputs in self.generator.batches(range(self._first_batch + first, len(self.generator), step)):
            if worker is None:
                self._yielded += 1  # before the yield: the caller holds the batch when it asks for the state
            yield _tensors(inputs), _tensors(outputs)
        if worker is None:
            self.generator.on_epoch_end()  # the next epoch, from position 0, dealt to the same world
            self._first_batch = self._yielded = 0

    def state_dict(self):
        """Where the job stands, as plain data: ``{"generator", "epoch", "position", "samplesPerEpoch",
        "batchSize", "numShards", "from"}``. ``position`` is the global position consumed (every rank in
        lockstep, see the class); ``numShards`` and ``from`` the dealing being read. Every rank computes
        the same state, so rank 0's can be saved for all."""
        if torch.utils.data.get_worker_info() is not None:
            raise RuntimeError("state_dict() counts the batches this object yields, and DataLoader workers "
                               "iterate copies of it: checkpoint DataGenIterableDataset with num_workers=0")
        g = self.generator
        epoch, dealt_to, start = g.epoch, g.num_shards, g.from_position
        consumed = position(start, dealt_to, g.batch_size, self._first_batch + self._yielded, g.samples_per_epoch)
        if consumed == g.samples_per_epoch:  # the epoch is over: the next one from its start
            epoch, dealt_to, start, consumed = epoch + 1, self.world, 0, 0
        return {"generator": g.id, "epoch": epoch, "position": consumed, "samplesPerEpoch": g.samples_per_epoch,
                "batchSize": g.batch_size, "numShards": dealt_to, "from": start}

    def load_state_dict(self, state):
        """Carries on from ``state`` (from ``state_dict()``, at this or another world size): the next pass
        reads the rest of the state's epoch, dealt to this world size, and the epochs after it whole."""
        g = self.generator
        if state["generator"] != g.id:
            raise ValueError("the state is of generator %s, this dataset reads %s" % (state["generator"], g.id))
        if (state["samplesPerEpoch"], state["batchSize"]) != (g.samples_per_epoch, g.batch_size):
            raise ValueError("the state counts %d positions per epoch in batches of %d, the generator %d in %d" % (
                state["samplesPerEpoch"], state["batchSize"], g.samples_per_epoch, g.batch_size))
        epoch, dealt_to, start, first_batch = resume_plan(state, self.world)
        g.epoch = epoch
        self._start(dealt_to, start, first_batch)

    def _start(self, num_shards, from_position, first_batch):
        g = self.generator
        if (g.num_shards, g.from_position) != (num_shards, from_position):
            g.deal(num_shards, from_position)
        self._first_batch, self._yielded = first_batch, 0


def _tensors(arrays):
    if isinstance(arrays, dict):
        return {name: _tensor(a) for name, a in arrays.items()}
    return _tensor(arrays)


def _tensor(array):
    # from_numpy shares memory; it needs a writable array, which numpy.load's arrays are, but a copy
    # keeps this correct if that ever changes.
    return torch.from_numpy(array if array.flags.writeable else np.array(array))
