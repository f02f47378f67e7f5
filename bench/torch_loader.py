#!/usr/bin/python3
"""The PyTorch peer: a DataLoader over the same list files, torchvision-style PIL decode + resize.

    /usr/bin/python3 bench/torch_loader.py BASEDIR DATA_LIST LABEL_LIST [--epochs 2] [--workers 2] [--batch 64]
                                           [--recipe plain|imagenet]

--recipe plain (the default): each sample is Image.open(p).convert("RGB").resize((224, 224), Image.BILINEAR)
turned into a uint8 tensor (C, H, W) with torchvision's pil_to_tensor, plus its one-hot label as float32.
--recipe imagenet, the ImageNet training recipe: Image.open(p).convert("RGB") through torchvision's
Compose([RandomResizedCrop(224), RandomHorizontalFlip(), ToTensor(), Normalize(IMAGENET_MEAN, IMAGENET_STD)]),
a float32 tensor (C, H, W), plus the label. The DataLoader is
left at its defaults (shuffle=True, num_workers=2, no persistent workers, no pinned memory), so each
epoch includes starting its workers, as a default training loop does. Every batch is touched by the
main process (as a trainer would hand it to a model). Prints one JSON line per epoch.
Needs Debian's python3-torch, python3-torchvision, python3-pil (hence /usr/bin/python3).
"""
import argparse
import json
import os
import resource
import time

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms
from torchvision.transforms.functional import pil_to_tensor

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]


def plain(im):
    return pil_to_tensor(im.resize((224, 224), Image.BILINEAR))


def imagenet():
    return transforms.Compose([transforms.RandomResizedCrop(224), transforms.RandomHorizontalFlip(),
                               transforms.ToTensor(), transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD)])


RECIPES = {"plain": (lambda: plain, torch.uint8), "imagenet": (imagenet, torch.float32)}


class ListDataset(Dataset):
    def __init__(self, base, data_list, label_list, transform):
        self.transform = transform
        with open(data_list) as f:
            self.paths = [os.path.join(base, line.strip()) for line in f if line.strip()]
        self.labels = np.loadtxt(label_list, dtype=np.float32, ndmin=2)
        assert len(self.paths) == len(self.labels), "list files differ in length"

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with Image.open(self.paths[i]) as im:
            x = self.transform(im.convert("RGB"))
        return x, torch.from_numpy(self.labels[i])


def cpu_seconds():
    """CPU time of this process and of its waited-for children (the DataLoader workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("data_list")
    ap.add_argument("label_list")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--recipe", choices=sorted(RECIPES), default="plain")
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    transform, dtype = RECIPES[a.recipe]
    ds = ListDataset(a.base, a.data_list, a.label_list, transform())
    loader = DataLoader(ds, batch_size=a.batch, shuffle=True, num_workers=a.workers)
    for epoch in range(a.epochs):
        images = nbytes = 0
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        for x, y in loader:
            assert x.dtype == dtype and tuple(x.shape[1:]) == (3, 224, 224), (x.dtype, x.shape)
            images += x.shape[0]
            nbytes += x.numel() * x.element_size() + y.numel() * y.element_size()
        seconds = time.perf_counter() - t0
        # the workers are joined at the end of the epoch, so their CPU time is in RUSAGE_CHILDREN by now
        print(json.dumps({"epoch": epoch, "images": images, "bytes": nbytes, "seconds": seconds,
                          "rate": images / seconds, "cpu_seconds": cpu_seconds() - cpu0, "workers": a.workers,
                          "recipe": a.recipe, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
