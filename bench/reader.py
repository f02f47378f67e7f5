"""The trainer-side reader: every batch of an epoch, in order, over one keep-alive HTTP connection, as a
Keras or PyTorch training loop would. Format "npy" (the default) reads the npy stream
(Accept: application/x-npy) into one buffer and views its arrays with numpy, as the DataGen Python client
does; "npz" opens each npz with numpy.load.

As a module: Reader(url).epoch(generator_id, epoch, batches[, shard]) -> dict.
As a process (for concurrent readers):
    python3 bench/reader.py URL GENERATOR EPOCH BATCHES [--shard K] [--format npy|npz] [--wait]
with --wait it imports everything, prints "ready", and starts when a line arrives on stdin, so the start
time of several readers is not their interpreter start-up. Prints one JSON line.
"""
import argparse
import http.client
import io
import json
import sys
import time
import urllib.parse

import numpy as np


class Reader:
    def __init__(self, url, fmt="npy"):
        u = urllib.parse.urlsplit(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
        self.fmt = fmt
        self.buffer = bytearray()

    def close(self):
        self.conn.close()

    def batch(self, generator_id, epoch, index, shard=None):
        path = "/api/generators/%s/epochs/%d/batches/%d" % (generator_id, epoch, index)
        if shard is not None:
            path += "?shard=%d" % shard
        self.conn.request("GET", path, headers={"Accept": "application/x-" + self.fmt})
        r = self.conn.getresponse()
        length = r.getheader("Content-Length")
        if r.status != 200 or length is None:
            body = r.read()
            if r.status != 200:
                raise RuntimeError("GET %s -> %d: %s" % (path, r.status, body[:500].decode("utf-8", "replace")))
            return body
        # a known length: one read into a reused buffer, as the DataGen client does
        n = int(length)
        if len(self.buffer) < n:
            self.buffer = bytearray(n)
        view = memoryview(self.buffer)[:n]
        got = 0
        while got < n:
            k = r.readinto(view[got:])
            if not k:
                raise RuntimeError("GET %s: the body ended after %d of %d bytes" % (path, got, n))
            got += k
        return view

    @staticmethod
    def npy_arrays(body):
        """The arrays of an npy stream, as views over the body (the header parsed by numpy)."""
        arrays, offset = [], 0
        while offset < len(body):
            stream = io.BytesIO(body[offset:offset + 65546])
            version = np.lib.format.read_magic(stream)
            header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, dtype = header(stream)
            start = offset + stream.tell()
            count = int(np.prod(shape, dtype=np.int64))
            arrays.append(np.frombuffer(body, dtype=dtype, count=count, offset=start).reshape(shape))
            offset = start + count * dtype.itemsize
        return arrays

    def epoch(self, generator_id, epoch, batches, shard=None, expect=None):
        """Reads batches 0..batches-1 of an epoch; expect=(dtype, max value) checks every batch's pixels."""
        images = nbytes = 0
        load_seconds = 0.0
        t0 = time.perf_counter()
        start = time.time()
        for b in range(batches):
            body = self.batch(generator_id, epoch, b, shard)
            t1 = time.perf_counter()
            if self.fmt == "npy":
                x, y = self.npy_arrays(body)
            else:
                with np.load(io.BytesIO(body)) as z:
                    x = z["image"]
                    y = z["label"]
            load_seconds += time.perf_counter() - t1
            if x.shape[1:] not in ((224, 224, 3), (3, 224, 224)) or x.shape[0] != y.shape[0]:
                raise RuntimeError("batch %d: image %s, label %s" % (b, x.shape, y.shape))
            if expect is not None and (x.dtype != np.dtype(expect[0]) or (b == 0 and x.max() > expect[1])):
                raise RuntimeError("batch %d: dtype %s, max %s; expected %s" % (b, x.dtype, x.max(), expect))
            images += x.shape[0]
            nbytes += len(body)
        seconds = time.perf_counter() - t0
        # load_seconds: numpy.load and reading the arrays; the rest is waiting for and receiving the bytes
        return {"images": images, "bytes": nbytes, "seconds": seconds, "rate": images / seconds,
                "load_seconds": load_seconds, "start": start, "end": start + seconds}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("generator")
    ap.add_argument("epoch", type=int)
    ap.add_argument("batches", type=int)
    ap.add_argument("--shard", type=int)
    ap.add_argument("--format", default="npy", choices=("npy", "npz"))
    ap.add_argument("--wait", action="store_true")
    a = ap.parse_args()
    reader = Reader(a.url, a.format)
    if a.wait:
        print("ready", flush=True)
        sys.stdin.readline()
    result = reader.epoch(a.generator, a.epoch, a.batches, a.shard)
    reader.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
