"""A data-parallel trainer of two ranks reading DataGen through a load balancer (LoadBalancerFailoverTest).

    python3 sharded_trainer.py URL DATA_DIR OUT.json [--base-dir DIR]  # register, create a 2-shard generator, train
    python3 sharded_trainer.py URL DATA_DIR OUT.json --direct ID  # read every batch of generator ID, no training

Training: the two ranks of a data-parallel job in one process, each a Generator of its own shard (its own
connection and prefetch thread), stepping in lockstep as DDP ranks do, their gradients averaged. The model
is a softmax regression on the 28x28 digits, in numpy, after a simulated accelerator step of
--step-seconds. Nothing here catches an error: any error that reaches the training loop ends the script
with a traceback and a non-zero status.

Standard output, one line per event: "generator ID", "step EPOCH INDEX", "epoch EPOCH loss L accuracy A",
"done". OUT.json: the digest of every batch ("epoch/shard/index" -> sha256 of each array's dtype, shape
and bytes), and how many times the client retried a request.
"""
import argparse
import hashlib
import itertools
import json
import sys
import time
import uuid

import numpy as np

from datagen_client import DataGen


def digest(x, y):
    h = hashlib.sha256()
    for a in (x, y):
        h.update(a.dtype.str.encode())
        h.update(repr(a.shape).encode())
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def counting_retries(dg):
    """The list of retries the client makes: its transport calls delay(attempt) before each one."""
    retries = []
    transport = dg._http
    delay = transport.delay

    def counted(attempt):
        retries.append(attempt)
        return delay(attempt)

    transport.delay = counted
    return retries


def train(args):
    dg = DataGen(args.url, retries=5, backoff=0.2)
    retries = counting_retries(dg)
    name = "lb-%s" % uuid.uuid4().hex[:8]
    dg.register(name, {"train-data": args.data + "/train-data.txt", "train-label": args.data + "/train-label.txt"},
                base_dir=args.base_dir or args.data)
    ranks = [dg.generator(name, "train", shard=0, batchSize=args.batch_size, seed=11, numShards=2, dtype="uint8",
                          augment={"rotationRange": 10, "widthShiftRange": 0.1})]
    ranks.append(dg.generator_by_id(ranks[0].id, shard=1))
    print("generator %s" % ranks[0].id, flush=True)

    w = np.zeros((28 * 28, 10), np.float32)
    b = np.zeros(10, np.float32)
    digests = {}
    for epoch in range(args.epochs):
        for rank in ranks:
            rank.epoch = epoch
        losses, correct, seen = [], 0, 0
        for index, batches in enumerate(itertools.zip_longest(*ranks)):
            gw, gb = np.zeros_like(w), np.zeros_like(b)
            for shard, batch in enumerate(batches):
                if batch is None:
                    continue
                x, y = batch
                digests["%d/%d/%d" % (epoch, shard, index)] = digest(x, y)
                pixels = x.reshape(len(x), -1).astype(np.float32) / 255.0
                logits = pixels @ w + b
                p = np.exp(logits - logits.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                losses.append(float(-np.mean(np.sum(y * np.log(p + 1e-9), axis=1))))
                correct += int(np.sum(p.argmax(axis=1) == y.argmax(axis=1)))
                seen += len(x)
                gw += pixels.T @ (p - y) / len(x) / len(ranks)
                gb += (p - y).mean(axis=0) / len(ranks)
            time.sleep(args.step_seconds)  # the accelerator's share of the step
            w -= 0.5 * gw
            b -= 0.5 * gb
            print("step %d %d" % (epoch, index), flush=True)
        print("epoch %d loss %.4f accuracy %.4f" % (epoch, float(np.mean(losses)), correct / seen), flush=True)
    for rank in ranks:
        rank.close()
    write(args.out, {"generator": ranks[0].id, "dataset": name, "digests": digests, "retries": len(retries)})
    print("done", flush=True)


def direct(args):
    """Every batch of every shard of generator args.direct, read one at a time (no prefetch, no retries)."""
    dg = DataGen(args.url, retries=0)
    digests = {}
    for epoch in range(args.epochs):
        for shard in range(2):
            gen = dg.generator_by_id(args.direct, shard=shard, epoch=epoch, prefetch=0)
            for index in range(len(gen)):
                digests["%d/%d/%d" % (epoch, shard, index)] = digest(*gen.batch(index))
    write(args.out, {"generator": args.direct, "digests": digests, "retries": 0})
    print("done", flush=True)


def write(path, result):
    with open(path, "w") as f:
        json.dump(result, f)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("url")
    ap.add_argument("data", help="a folder made by fixtures/mnist.py, inside the service's data roots")
    ap.add_argument("out", help="where to write the batch digests (JSON)")
    ap.add_argument("--base-dir", help="where the replicas find the images the list files name, when not at DATA_DIR "
                                       "(a bucket prefix, say)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--step-seconds", type=float, default=0.05)
    ap.add_argument("--direct", metavar="GENERATOR_ID")
    args = ap.parse_args()
    (direct if args.direct else train)(args)


if __name__ == "__main__":
    sys.exit(main())
