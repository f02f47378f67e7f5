"""A server-side generator seen as a Keras ``PyDataset`` / ``Sequence``: ``len()``, ``[index]``, epochs."""
import io
import json
import operator

import numpy as np

from .dealing import deal
from .errors import DataGenError
from .prefetch import Prefetcher

NPZ = "application/x-npz"
NPY = "application/x-npy"
JSON = "application/json"


def _keras_base():
    """keras.utils.PyDataset (Keras 3), else keras.utils.Sequence (Keras 2), else a plain object.

    Only a missing Keras is tolerated; a Keras that is installed but fails to import is an error worth
    seeing rather than a silently different class.
    """
    try:
        import keras.utils as utils
    except ImportError:
        return object
    return getattr(utils, "PyDataset", None) or getattr(utils, "Sequence", None) or object


_Base = _keras_base()


def check_keras_options(options):
    if options and _Base is object:
        raise TypeError("options %s are Keras PyDataset's, and Keras is not installed" % sorted(options))


class Generator(_Base):
    """One shard of a generator: ``len(gen)`` batches per epoch, ``gen[i]`` -> ``(inputs, outputs)``.

    Inputs (and outputs) are a numpy array when the dataset has one, else a dict name -> array in the
    server's order. Images are ``(N, H, W, C)`` or ``(N, C, H, W)`` per the generator's layout, in its
    dtype; vector labels ``(N, classes)`` float32; masks ``(N, H, W)`` uint8.

    ``epoch`` (settable, to resume anywhere) selects the epoch ``gen[i]`` reads; ``on_epoch_end()``
    advances it, as Keras does after each epoch. The server's order of epoch e depends only on
    (seed, e), so reading the same (epoch, index) twice gives the same bytes.

    ``prefetch`` batches after the one asked for are fetched and decoded on a background thread.

    The dealing: by default the generator's own ``numShards`` from position 0. ``deal(num_shards,
    from_position)`` reads the epoch dealt to another number of shards from a position on (an elastic
    resume): ``len()`` and ``[i]`` are then shard ``shard``'s batches of that dealing, until
    ``on_epoch_end()`` starts the next epoch from position 0 (with the same number of shards).

    Keyword arguments the client does not know (``workers``, ``use_multiprocessing``, ``max_queue_size``)
    go to Keras' PyDataset when Keras is installed.
    """

    def __init__(self, client, description, shard=0, epoch=0, prefetch=2, num_shards=None, from_position=0,
                 **keras_options):
        check_keras_options(keras_options)
        if _Base is not object:
            super().__init__(**keras_options)
        if prefetch < 0:
            raise ValueError("prefetch must be >= 0, not %r" % prefetch)
        self._client = client
        self.description = description
        self.prefetch = prefetch
        self._prefetcher = Prefetcher(self._fetch)
        self.deal(num_shards, from_position, shard=shard)
        self.epoch = epoch
        arrays = description["arrays"]
        self.inputs = [a["name"] for a in arrays if a["role"] == "input"]
        self.outputs = [a["name"] for a in arrays if a["role"] == "output"]

    # -- what the server said ----------------------------------------------------------------------

    @property
    def id(self):
        return self.description["id"]

    @property
    def dataset(self):
        return self.description["dataset"]

    @property
    def settings(self):
        return self.description["settings"]

    @property
    def num_shards(self):
        """The shards the epoch is dealt to: the generator's numShards unless ``deal`` said otherwise."""
        return self._dealing.num_shards

    @property
    def from_position(self):
        """The first position of the epoch dealt out (0 unless ``deal`` resumed later)."""
        return self._dealing.from_position

    @property
    def dealing(self):
        """The current Dealing: its ``shards`` list has the samples and batches of every shard."""
        return self._dealing

    @property
    def samples_per_epoch(self):
        """Positions of an epoch, all shards together (the subset's, or sampling's epochSamples)."""
        return int(self.description["samplesPerEpoch"])

    @property
    def batch_size(self):
        return int(self.settings["batchSize"])

    @property
    def shard(self):
        return self._shard

    @shard.setter
    def shard(self, shard):
        self._shard = _shard(shard, self.num_shards)

    def deal(self, num_shards=None, from_position=0, shard=None):
        """Reads the epoch dealt to ``num_shards`` shards (default: the generator's numShards) from position
        ``from_position`` on: shard k gets positions from+k, from+k+K, ... in batches of batchSize. The
        epoch's order does not depend on K, so a job that consumed positions [0, p) with any number of
        shards carries on with any other and sees each remaining sample once. Asks the service for the
        batches of each shard (``GET /api/generators/{id}?numShards=K&from=p``). ``shard``: the shard to
        read from now on (default: the current one, which must exist in the new dealing).

        The dealing holds until ``on_epoch_end()``, which deals the next epoch from position 0.
        """
        shards = self.settings["numShards"] if num_shards is None else operator.index(num_shards)
        shard = _shard(self._shard if shard is None else shard, shards)
        self._dealing = deal(self._client, self.description, num_shards, from_position)
        self._shard = shard

    @property
    def epoch(self):
        return self._epoch

    @epoch.setter
    def epoch(self, epoch):
        self._epoch = _epoch(epoch)

    # -- the Sequence protocol ---------------------------------------------------------------------

    def __len__(self):
        return self._dealing.batches(self.shard)

    def __getitem__(self, index):
        return self.batch(index)

    def __iter__(self):
        """The batches of the current epoch, in order (does not advance the epoch)."""
        return self.batches()

    def on_epoch_end(self):
        """Moves to the next epoch, dealt from position 0 (a resumed epoch's ``from_position`` ends with it)."""
        self.epoch += 1
        if self.from_position:
            self.deal(self.num_shards, 0)

    # -- reading batches ---------------------------------------------------------------------------

    def batch(self, index, epoch=None):
        """Batch ``index`` of ``epoch`` (default: the current one) as ``(inputs, outputs)``.

        Foresees that the next ``prefetch`` batches of the epoch come next, and fetches them meanwhile.
        """
        epoch = self._epoch if epoch is None else _epoch(epoch)
        index = self._index(index)
        upcoming = range(index + 1, min(index + 1 + self.prefetch, len(self)))
        return self._get(self._key(epoch, index), [self._key(epoch, i) for i in upcoming])

    def batches(self, indices=None, epoch=None):
        """Yields the batches ``indices`` (default: every one, in order) of ``epoch`` (default: the current
        one), fetching ``prefetch`` ahead along that order (a torch worker reading every k-th batch, say).
        """
        epoch = self._epoch if epoch is None else _epoch(epoch)
        indices = range(len(self)) if indices is None else [self._index(i) for i in indices]
        keys = [self._key(epoch, i) for i in indices]
        for position, key in enumerate(keys):
            yield self._get(key, keys[position + 1:position + 1 + self.prefetch])

    def batch_bytes(self, index, epoch=None, accept=NPZ):
        """The raw payload of a batch: npz by default, ``application/x-nd4j`` or ``application/json``."""
        return self._payload(self._key(self._epoch if epoch is None else _epoch(epoch), self._index(index)), accept)

    def batch_info(self, index, epoch=None):
        """The JSON view of a batch: the sample indices it holds (positions in the split) and vector labels."""
        return json.loads(self.batch_bytes(index, epoch, accept=JSON).decode("utf-8"))

    def decode_npy(self, payload):
        """An npy-stream payload (the arrays back to back, in the generator's array order) as
        ``(inputs, outputs)``: the arrays are views over ``payload``, not copies."""
        names = self.inputs + self.outputs
        arrays = {}
        offset = 0
        view = memoryview(payload)
        for name in names:
            stream = io.BytesIO(view[offset:offset + 65536 + 10])
            version = np.lib.format.read_magic(stream)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
            start = offset + stream.tell()
            count = int(np.prod(shape, dtype=np.int64))
            arrays[name] = np.frombuffer(payload, dtype=dtype, count=count, offset=start).reshape(shape)
            offset = start + count * dtype.itemsize
        if offset != len(payload):
            raise DataGenError("the batch payload has %d bytes after the announced arrays %s" % (
                len(payload) - offset, names))
        inputs = {name: arrays[name] for name in self.inputs}
        outputs = {name: arrays[name] for name in self.outputs}
        return self._unwrap(inputs), self._unwrap(outputs)

    def decode(self, payload):
        """An npz payload as ``(inputs, outputs)``."""
        with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
            missing = [n for n in self.inputs + self.outputs if n not in npz.files]
            if missing:
                raise DataGenError("the batch payload has arrays %s, not the announced %s" % (
                    npz.files, self.inputs + self.outputs))
            inputs = {name: npz[name] for name in self.inputs}
            outputs = {name: npz[name] for name in self.outputs}
        return self._unwrap(inputs), self._unwrap(outputs)

    # -- the rest ----------------------------------------------------------------------------------

    def delete(self):
        """Deletes the generator on the server."""
        self.close()
        self._client._delete_generator(self.id)

    def close(self):
        """Stops the prefetch thread. The generator can still be read afterwards (it restarts)."""
        self._prefetcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __getstate__(self):
        # A worker process (Keras, torch DataLoader) gets its own prefetch thread and connections.
        state = dict(self.__dict__)
        del state["_prefetcher"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._prefetcher = Prefetcher(self._fetch)

    def __repr__(self):
        return "<Generator %s of %r split %r: shard %d/%d%s, epoch %d, %d batches>" % (
            self.id, self.dataset, self.settings["split"], self.shard, self.num_shards,
            " from position %d" % self.from_position if self.from_position else "", self.epoch, len(self))

    def _get(self, key, upcoming):
        if self.prefetch == 0:
            return self._fetch(key)
        return self._prefetcher.get(key, upcoming)

    def _fetch(self, key):
        # the npy stream: no zip to open and no CRC to check, so the trainer's CPU is left to training
        return self.decode_npy(self._payload(key, NPY))

    def _key(self, epoch, index):
        # The query is part of the key: a batch fetched ahead under another dealing is another batch.
        return epoch, index, tuple(self._dealing.params(self.shard).items())

    def _payload(self, key, accept):
        epoch, index, params = key
        return self._client._batch(self.id, epoch, index, accept, dict(params))

    def _index(self, index):
        index = operator.index(index)
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            # IndexError (not a server 404) so that Python's sequence protocols stop where they should.
            raise IndexError("batch %d out of range: shard %d has %d batches per epoch%s" % (
                index, self.shard, n, " from position %d" % self.from_position if self.from_position else ""))
        return index

    @staticmethod
    def _unwrap(arrays):
        return next(iter(arrays.values())) if len(arrays) == 1 else arrays


def _shard(shard, num_shards):
    shard = operator.index(shard)
    if not 0 <= shard < num_shards:
        raise ValueError("shard must be in [0, %d), not %d" % (num_shards, shard))
    return shard


def _epoch(epoch):
    epoch = operator.index(epoch)
    if epoch < 0:
        raise ValueError("epoch must be >= 0, not %d" % epoch)
    return epoch
