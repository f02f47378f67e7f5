#!/usr/bin/env python3
"""Trains a small CNN on MNIST digits read entirely through DataGen, and checks the test accuracy.

    /usr/bin/python3 examples/train_torch_mnist.py URL DATA_DIR [--epochs 2]

DATA_DIR is a folder made by fixtures/mnist.py inside one of the service's data roots. Registers
its four list files (train-data, train-label, test-data, test-label), trains with every batch from a
DataGen generator (shuffled by the server, lightly augmented), evaluates on the test split read through
DataGen, and exits 1 when the test accuracy is below 0.90.

Images travel as uint8 NCHW and are scaled to [0, 1] in torch: a quarter of the bytes of float32 over
HTTP and through numpy.load, for one vectorised division on the trainer.
"""
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader

from common import arguments, classes, connect, pixels, register, timed_epochs, trunk
from datagen_client.torch import DataGenIterableDataset

THRESHOLD = 0.90


def main():
    args = arguments(__doc__)
    dg = connect(args)
    name = register(dg, "mnist-torch", args.data, {
        "train-data": "train-data.txt", "train-label": "train-label.txt",
        "test-data": "test-data.txt", "test-label": "test-label.txt"})
    try:
        train = DataGenIterableDataset.create(
            dg, name, "train", batchSize=args.batch_size, seed=args.seed,
            prefetch=args.prefetch, dtype="uint8", layout="NCHW",
            augment={"rotationRange": 8, "widthShiftRange": 0.08, "heightShiftRange": 0.08})
        test = DataGenIterableDataset.create(dg, name, "test", batchSize=500, shuffle=False, dtype="uint8",
                                             layout="NCHW")
        model = nn.Sequential(trunk(), nn.Linear(64, 10))
        optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
        loss_fn = nn.CrossEntropyLoss()

        def step(x, y):
            logits = model(pixels(x))
            loss = loss_fn(logits, classes(y))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss.item(), (logits.argmax(1) == classes(y)).sum().item(), len(y)

        model.train()
        seconds = timed_epochs(DataLoader(train, batch_size=None), args.epochs, step)
        accuracy, eval_seconds = evaluate(model, DataLoader(test, batch_size=None))
        print("RESULT mnist: test accuracy %.4f on %d images (threshold %.2f); seconds per epoch %s; "
              "evaluation %.1f s" % (accuracy, test.generator.description["samplesPerEpoch"], THRESHOLD,
                                     " ".join("%.1f" % s for s in seconds), eval_seconds), flush=True)
        return 0 if accuracy >= THRESHOLD else 1
    finally:
        dg.delete(name)


def evaluate(model, loader):
    start, correct, seen = time.monotonic(), 0, 0
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            correct += (model(pixels(x)).argmax(1) == classes(y)).sum().item()
            seen += len(y)
    return correct / seen, time.monotonic() - start


if __name__ == "__main__":
    sys.exit(main())
