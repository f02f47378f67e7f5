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
    """

    def __init__(self, generator):
        """Wraps ``generator``, which must have ``numShards`` = the world size; it is set to read the
        shard of this process's rank."""
        super().__init__()
        rank, world = distributed_shard()
        if generator.num_shards != world:
            raise ValueError(
                "the generator has %d shard(s) but %d process(es) train; create it with numShards=%d "
                "(DataGenIterableDataset.create does)" % (generator.num_shards, world, world))
        generator.shard = rank
        self.generator = generator

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
        self.generator.epoch = epoch

    def __len__(self):
        """Batches per epoch of this shard (what the DataLoader yields with batch_size=None)."""
        return len(self.generator)

    def __iter__(self):
        worker = torch.utils.data.get_worker_info()
        first, step = (0, 1) if worker is None else (worker.id, worker.num_workers)
        for inputs, outputs in self.generator.batches(range(first, len(self.generator), step)):
            yield _tensors(inputs), _tensors(outputs)
        if worker is None:
            self.generator.on_epoch_end()


def _tensors(arrays):
    if isinstance(arrays, dict):
        return {name: _tensor(a) for name, a in arrays.items()}
    return _tensor(arrays)


def _tensor(array):
    # from_numpy shares memory; it needs a writable array, which numpy.load's arrays are, but a copy
    # keeps this correct if that ever changes.
    return torch.from_numpy(array if array.flags.writeable else np.array(array))
