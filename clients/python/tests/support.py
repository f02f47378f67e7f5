"""What the tests share: the live service, the MNIST folder, unique names, registrations, list files.

DATAGEN_URL is the running service; DATAGEN_DATA the folder fixtures/mnist.py made, inside one of
the service's data roots. Both are required: without them the suite fails rather than skips.
"""
import atexit
import os
import struct
import uuid
import zlib

import numpy as np

from datagen_client import DataGen, DataGenError


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError("set %s (see clients/python/run-tests.sh)" % name)
    return value


URL = _required("DATAGEN_URL")
DATA = os.path.abspath(_required("DATAGEN_DATA"))
RUN = uuid.uuid4().hex[:8]  # the service is shared by the whole test run: names carry this suffix

_registered = []
_cache = {}


def client(**options):
    return DataGen(URL, **options)


def unique(prefix):
    return "py-%s-%s-%s" % (prefix, RUN, uuid.uuid4().hex[:6])


def data_path(name):
    return os.path.join(DATA, name)


def lines(name, count=None):
    with open(data_path(name)) as f:
        rows = f.read().splitlines()
    return rows if count is None else rows[:count]


def lines_bytes(name, count=None):
    return ("\n".join(lines(name, count)) + "\n").encode("utf-8")


def label_rows(name, count=None):
    """A label list file as a float32 matrix, one row per line."""
    return np.array([[float(v) for v in row.split()] for row in lines(name, count)], dtype=np.float32)


def register(prefix, parts, **options):
    """Registers a dataset under a unique name, deleted when the test process ends."""
    name = unique(prefix)
    description = client().register(name, parts, base_dir=DATA, **options)
    _registered.append(name)
    return description


def small_mnist(train=600, test=200):
    """The first images of the train and test splits, registered once per process (list files as bytes)."""
    key = ("small", train, test)
    if key not in _cache:
        _cache[key] = register("small", {
            "train-data": lines_bytes("train-data.txt", train),
            "train-label": lines_bytes("train-label.txt", train),
            "test-data": lines_bytes("test-data.txt", test),
            "test-label": lines_bytes("test-label.txt", test)})
    return _cache[key]


def small_multitask(train=300):
    key = ("multitask", train)
    if key not in _cache:
        _cache[key] = register("multi", {
            "train-data": lines_bytes("train-data.txt", train),
            "train-label.digit": lines_bytes("train-label.txt", train),
            "train-label.parity": lines_bytes("train-label-parity.txt", train)})
    return _cache[key]


def read_png(path):
    """Pixels of an 8-bit grayscale PNG as fixtures/mnist.py writes them (no filters, one IDAT)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, size = 8, b"", None
    while pos < len(data):
        length, tag = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if tag == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert (depth, color) == (8, 0), "%s: not 8-bit grayscale" % path
            size = (height, width)
        elif tag == b"IDAT":
            idat += chunk
        pos += 12 + length
    rows = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(size[0], size[1] + 1)
    assert not rows[:, 0].any(), "%s: uses PNG filters this reader does not undo" % path
    return rows[:, 1:]


@atexit.register
def _delete_registered():
    for name in _registered:
        try:
            client(retries=0).delete(name)
        except DataGenError:
            pass
