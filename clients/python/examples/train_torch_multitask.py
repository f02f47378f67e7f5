#!/usr/bin/env python3
"""Multi-task learning through DataGen: one generator with two outputs, a shared trunk, two heads.

    /usr/bin/python3 examples/train_torch_multitask.py URL DATA_DIR [--epochs 2]

Registers one input and two outputs per split (train-label.digit = train-label.txt, train-label.parity
= train-label-parity.txt), so each batch carries the images and both label arrays of the same samples
(as a dict in the server's order). A CNN trunk feeds a digit head and a parity head trained together on
the sum of their losses. Exits 1 when test accuracy is below 0.90 for either task.
"""
import sys
import time

import torch
from torch import nn
from torch.utils.data import DataLoader

from common import arguments, classes, connect, pixels, register, timed_epochs, trunk
from datagen_client.torch import DataGenIterableDataset

THRESHOLDS = {"digit": 0.90, "parity": 0.90}


class TwoHeads(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = trunk()
        self.heads = nn.ModuleDict({"digit": nn.Linear(64, 10), "parity": nn.Linear(64, 2)})

    def forward(self, x):
        features = self.trunk(x)
        return {task: head(features) for task, head in self.heads.items()}


def main():
    args = arguments(__doc__)
    dg = connect(args)
    name = register(dg, "multitask-torch", args.data, {
        "train-data": "train-data.txt",
        "train-label.digit": "train-label.txt", "train-label.parity": "train-label-parity.txt",
        "test-data": "test-data.txt",
        "test-label.digit": "test-label.txt", "test-label.parity": "test-label-parity.txt"})
    try:
        train = DataGenIterableDataset.create(dg, name, "train", batchSize=args.batch_size, seed=args.seed,
                                              dtype="uint8", layout="NCHW", prefetch=args.prefetch)
        test = DataGenIterableDataset.create(dg, name, "test", batchSize=500, shuffle=False, dtype="uint8",
                                             layout="NCHW")
        outputs = train.generator.outputs
        if outputs != ["digit", "parity"]:
            raise SystemExit("expected outputs digit and parity, the server made %s" % outputs)
        model = TwoHeads()
        optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
        loss_fn = nn.CrossEntropyLoss()

        def step(x, y):
            logits = model(pixels(x))
            loss = sum(loss_fn(logits[task], classes(y[task])) for task in THRESHOLDS)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            # The epoch line reports the digit task; the test report has both.
            right = (logits["digit"].argmax(1) == classes(y["digit"])).sum().item()
            return loss.item(), right, len(x)

        model.train()
        seconds = timed_epochs(DataLoader(train, batch_size=None), args.epochs, step)
        accuracy, eval_seconds = evaluate(model, DataLoader(test, batch_size=None))
        print("RESULT multitask: test accuracy digit %.4f, parity %.4f (thresholds %s); seconds per epoch %s; "
              "evaluation %.1f s" % (accuracy["digit"], accuracy["parity"], THRESHOLDS,
                                     " ".join("%.1f" % s for s in seconds), eval_seconds), flush=True)
        return 0 if all(accuracy[t] >= THRESHOLDS[t] for t in THRESHOLDS) else 1
    finally:
        dg.delete(name)


def evaluate(model, loader):
    start, correct, seen = time.monotonic(), dict.fromkeys(THRESHOLDS, 0), 0
    model.eval()
    with torch.no_grad():
        for x, y in loader:
            logits = model(pixels(x))
            for task in THRESHOLDS:
                correct[task] += (logits[task].argmax(1) == classes(y[task])).sum().item()
            seen += len(x)
    return {task: right / seen for task, right in correct.items()}, time.monotonic() - start


if __name__ == "__main__":
    sys.exit(main())
