"""What both training examples share: the command line, registration, the CNN trunk, the epoch loop."""
import argparse
import os
import sys
import time
import uuid

try:
    import datagen_client  # noqa: F401  (installed, or on PYTHONPATH)
except ImportError:  # run from a source checkout
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import torch
from torch import nn

from datagen_client import DataGen


def arguments(description, epochs=2):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("url", help="the DataGen service, e.g. http://127.0.0.1:8080")
    ap.add_argument("data", help="folder made by fixtures/mnist.py, inside a data root of the service")
    ap.add_argument("--epochs", type=int, default=epochs)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--prefetch", type=int, default=2, help="batches fetched ahead on a background thread")
    # One thread: the service decodes and augments on the other core, and on a shared machine extra
    # torch threads spin rather than help (measured: 2 threads were 4x slower per batch under load).
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    return ap.parse_args()


def connect(args):
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    return DataGen(args.url, retries=5, backoff=0.5)


def register(dg, prefix, data, parts):
    """Registers the list files ``parts`` (part -> file name in ``data``) under a fresh name."""
    name = "%s-%s" % (prefix, uuid.uuid4().hex[:8])
    start = time.monotonic()
    described = dg.register(name, {part: os.path.join(data, f) for part, f in parts.items()}, base_dir=data)
    print("registered %s: %s samples, %d images checked in %.1f s" % (
        name, {s: v["samples"] for s, v in described["splits"].items()}, described["imagesChecked"],
        time.monotonic() - start), flush=True)
    return name


def trunk():
    """A small CNN for 28x28 digits: (N, 1, 28, 28) -> (N, 64) features."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 16 x 14 x 14
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),  # 32 x 7 x 7
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU())


def pixels(x):
    """uint8 images (as transferred: 4x fewer bytes than float32) to float32 in [0, 1]."""
    return x.float().div_(255.0)


def classes(onehot):
    return onehot.argmax(dim=1)


def timed_epochs(loader, epochs, step):
    """Runs ``step(inputs, outputs)`` over every batch of ``epochs`` epochs; returns seconds per epoch.

    ``step`` returns (loss, correct, samples); the loader advances to the next epoch after each pass.
    """
    seconds = []
    for epoch in range(epochs):
        start, waited, loss_sum, correct, seen, batches = time.monotonic(), 0.0, 0.0, 0, 0, 0
        ready = time.monotonic()
        for x, y in loader:
            waited += time.monotonic() - ready
            loss, right, n = step(x, y)
            loss_sum, correct, seen, batches = loss_sum + loss * n, correct + right, seen + n, batches + 1
            ready = time.monotonic()
        seconds.append(time.monotonic() - start)
        print("epoch %d: %d batches, %d samples, loss %.4f, train accuracy %.4f, %.1f s (%.1f s waiting "
              "for batches)" % (epoch, batches, seen, loss_sum / seen, correct / seen, seconds[-1], waited),
              flush=True)
    return seconds
