"""The DataGen service: datasets and generators."""
import json
import re
import urllib.parse

from . import multipart
from .generator import JSON, NPZ, Generator, _shard, check_keras_options
from .transport import Transport

# The generator settings of the service's README, by their JSON names.
GENERATOR_SETTINGS = frozenset(("batchSize", "shuffle", "seed", "dropLast", "dtype", "rescale", "layout",
                                "numShards", "onError", "augment", "crop", "normalize", "mixup", "cutmix",
                                "sampling", "validationSplit", "subset", "splitSeed", "stratify"))

# Options of Keras' PyDataset, passed to it rather than to the service.
KERAS_OPTIONS = frozenset(("workers", "use_multiprocessing", "max_queue_size"))


_PAGE = 200  # the service's largest page (datagen.limits.max-page-size)


class DataGen:
    """A DataGen service at ``url`` (``http://host:port``).

    retries, backoff, max_backoff: a request failing on the connection (refused, reset, timed out) is
    tried again up to ``retries`` times, waiting ``backoff * 2**k`` seconds (at most ``max_backoff``)
    before retry k. timeout: seconds a connect or a read may block.

    Answers are the service's JSON as dicts; refusals raise DataGenError with the problem detail.
    Safe to share between threads (each thread has its own connection).
    """

    def __init__(self, url, retries=3, backoff=0.5, timeout=60.0, max_backoff=30.0):
        self._http = Transport(url, retries=retries, backoff=backoff, max_backoff=max_backoff, timeout=timeout)

    @property
    def url(self):
        return self._http.url

    # -- datasets ----------------------------------------------------------------------------------

    def register(self, name, parts, base_dir=None, spec=None):
        """Registers a dataset from list files; returns the server's description of it.

        parts: part name -> local path or bytes of a list file, with the service's part names:
        ``train-data``, ``train-label`` (one input, one output), or ``train-data.<input>``,
        ``train-label.<output>`` for several; the same with ``test-`` (optional) or other split names.
        base_dir: the folder on the server that relative image paths resolve against (default: the
        server's first data root). spec: overrides of what the server infers (a dict or JSON text).
        """
        fields = {"name": name}
        if base_dir is not None:
            fields["baseDir"] = str(base_dir)
        if spec is not None:
            fields["spec"] = spec if isinstance(spec, str) else json.dumps(spec)
        files = {part: multipart.read_part(value) for part, value in parts.items()}
        body, content_type = multipart.encode(fields, files)
        return self._http.request("POST", "/api/datasets", body, {"Content-Type": content_type}).json()

    def register_directory(self, name, splits, size=None, color=None, interpolation=None):
        """Registers a dataset from class folders (Keras ``flow_from_directory``).

        splits: split name -> folder on the server (``train`` required), or an ``s3://`` prefix. size:
        (height, width) to resize to. color: ``"rgb"`` or ``"grayscale"``. interpolation: ``"auto"``
        (default), ``"bilinear"``, ``"area"``, ``"bicubic"`` or ``"nearest"``.
        """
        body = {"name": name, "splits": dict(splits)}
        if size is not None:
            body["size"] = list(size)
        if color is not None:
            body["color"] = color
        if interpolation is not None:
            body["interpolation"] = interpolation
        return self._post_json("/api/datasets/from-directory", body)

    def datasets(self):
        """Every dataset's description, by name (read a page at a time)."""
        return self._every("/api/datasets")

    def dataset(self, name):
        return self._http.request("GET", "/api/datasets/" + _quote(name)).json()

    def delete(self, name):
        """Deletes a dataset and its generators (the image files stay)."""
        self._http.request("DELETE", "/api/datasets/" + _quote(name))

    # -- generators --------------------------------------------------------------------------------

    def generator(self, dataset, split, shard=0, epoch=0, prefetch=2, **settings):
        """Creates a generator over a split and returns it as a Generator reading ``shard``.

        settings: the service's generator settings by their JSON names (batchSize, shuffle, seed,
        dropLast, dtype, rescale, layout, numShards, onError, augment, crop, normalize, mixup, cutmix,
        sampling, validationSplit, subset, splitSeed, stratify), and Keras' PyDataset options
        (workers, use_multiprocessing, max_queue_size) when Keras is installed. prefetch: batches fetched
        ahead on a background thread (0: none).
        """
        keras_options = {k: settings.pop(k) for k in KERAS_OPTIONS & set(settings)}
        check_keras_options(keras_options)  # before the service makes a generator nobody could use
        _check_settings(settings)
        num_shards = settings.get("numShards", 1)
        if isinstance(num_shards, int) and num_shards >= 1:  # the service judges any other numShards
            _shard(shard, num_shards)  # likewise: a generator made and then refused would be left behind
        body = dict(settings, split=split)
        description = self._post_json("/api/datasets/%s/generators" % _quote(dataset), body)
        return Generator(self, description, shard=shard, epoch=epoch, prefetch=prefetch, **keras_options)

    def generator_by_id(self, id, shard=0, epoch=0, prefetch=2, num_shards=None, from_position=0,
                        **keras_options):
        """An existing generator (made by this or another process) as a Generator reading ``shard``.

        num_shards, from_position: read the epoch dealt to ``num_shards`` shards (default: the generator's
        numShards) from that position on (an elastic resume; see ``Generator.deal``).
        """
        description = self.describe_generator(id)
        return Generator(self, description, shard=shard, epoch=epoch, prefetch=prefetch, num_shards=num_shards,
                         from_position=from_position, **keras_options)

    def describe_generator(self, id, num_shards=None, from_position=None):
        """The service's description of a generator (a dict). With ``num_shards`` and/or ``from_position``
        its ``shards`` (samples and batches per shard), ``batchesPerEpoch`` (shard 0's),
        ``shardsWithOneBatchFewer`` and ``from`` describe the epoch dealt to ``num_shards`` shards from
        that position (``?numShards=K&from=p``)."""
        return self._http.request("GET", "/api/generators/" + _quote(id)
                                  + _query(numShards=num_shards, **{"from": from_position})).json()

    def batch_bytes(self, generator_id, epoch, index, shard=None, num_shards=None, from_position=None, accept=NPZ):
        """The payload of batch ``index`` of ``epoch`` of ``shard`` (npz by default; ``application/x-npy``,
        ``application/x-nd4j`` or ``application/json``). ``num_shards``, ``from_position``: of the epoch
        dealt to that many shards from that position (``?numShards=K&from=p``), default the generator's
        own dealing."""
        return self._batch(generator_id, epoch, index, accept,
                           _params(shard=shard, numShards=num_shards, **{"from": from_position}))

    def batch_info(self, generator_id, epoch, index, shard=None, num_shards=None, from_position=None):
        """The JSON view of a batch (as ``batch_bytes``): its sample indices, vector labels and, with
        mixup / cutmix, the ``mix``."""
        return json.loads(bytes(self.batch_bytes(generator_id, epoch, index, shard, num_shards, from_position,
                                                 accept=JSON)).decode("utf-8"))

    def generators(self, dataset=None):
        """Descriptions of the generators of ``dataset``, or of all."""
        path = "/api/generators" if dataset is None else "/api/datasets/%s/generators" % _quote(dataset)
        return self._every(path)

    def _every(self, path):
        """Every item of a listing, which the service sends a page at a time."""
        items, page = [], 0
        while True:
            chunk = self._http.request("GET", "%s?page=%d&size=%d" % (path, page, _PAGE)).json()
            items.extend(chunk)
            if len(chunk) < _PAGE:
                return items
            page += 1

    def close(self):
        """Closes the connections (a later request reconnects)."""
        self._http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # Sockets left to the garbage collector raise ResourceWarnings; close them with the client.
        http = self.__dict__.get("_http")
        if http is not None:
            http.close()

    # -- used by Generator -------------------------------------------------------------------------

    def _batch(self, generator_id, epoch, index, accept, params):
        """params: the query (shard, numShards, from), in that order."""
        path = "/api/generators/%s/epochs/%d/batches/%d" % (_quote(generator_id), epoch, index)
        return self._http.request("GET", path + _query(**params), headers={"Accept": accept}).body

    def _delete_generator(self, generator_id):
        self._http.request("DELETE", "/api/generators/" + _quote(generator_id))

    def _post_json(self, path, body):
        data = json.dumps(body).encode("utf-8")
        return self._http.request("POST", path, data, {"Content-Type": "application/json"}).json()


def _check_settings(settings):
    # The service ignores JSON fields it does not know, so a misspelt setting would silently fall back
    # to its default; refuse it here instead.
    unknown = sorted(set(settings) - GENERATOR_SETTINGS)
    if unknown:
        hints = ["%s (did you mean %s?)" % (k, _camel(k)) if _camel(k) in GENERATOR_SETTINGS else k
                 for k in unknown]
        raise TypeError("unknown generator settings: %s; known: %s" % (
            ", ".join(hints), ", ".join(sorted(GENERATOR_SETTINGS))))


def _camel(name):
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _params(**params):
    return {k: v for k, v in params.items() if v is not None}


def _query(**params):
    params = _params(**params)
    return "?" + urllib.parse.urlencode(params) if params else ""


def _quote(segment):
    return urllib.parse.quote(str(segment), safe="")
