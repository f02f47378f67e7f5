#!/usr/bin/python3
"""What one core does with PIL on the same JPEGs: decode + resize to 224x224 RGB, on this process's one
thread, for the benchmark's `large` part.

    /usr/bin/python3 bench/pil_decode.py DATA_LIST BASEDIR [--modes full,draft] [--warmup 5]

full:  Image.open(p).convert("RGB").resize((224, 224), Image.BILINEAR): every pixel decoded, then shrunk
       (PIL's resize filters over the whole source, as torchvision's Resize on a PIL image does).
draft: the same after im.draft("RGB", (224, 224)): libjpeg decodes at the smallest DCT scale (1/2, 1/4 or
       1/8) that keeps the image at least 224x224 (4032x3024 -> 504x378), then the same resize.
Prints one JSON line per mode: images, seconds (wall), cpu_seconds (this process), decode_seconds (the
part of the wall time spent in open + convert), the decoded size of the first image. Needs Debian's
python3-pil, hence /usr/bin/python3.
"""
import argparse
import json
import os
import time

from PIL import Image


def one(path, draft):
    t0 = time.perf_counter()
    with Image.open(path) as im:
        if draft:
            im.draft("RGB", (224, 224))
        rgb = im.convert("RGB")
    t1 = time.perf_counter()
    out = rgb.resize((224, 224), Image.BILINEAR)
    return t1 - t0, rgb.size, out.getpixel((0, 0))[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_list")
    ap.add_argument("base")
    ap.add_argument("--modes", default="full,draft")
    ap.add_argument("--warmup", type=int, default=5)
    a = ap.parse_args()
    with open(a.data_list) as f:
        paths = [os.path.join(a.base, line.strip()) for line in f if line.strip()]
    for mode in a.modes.split(","):
        draft = {"full": False, "draft": True}[mode]
        for p in paths[:a.warmup]:
            one(p, draft)
        checksum, decode, size = 0, 0.0, None
        c0, t0 = time.process_time(), time.perf_counter()
        for p in paths:
            d, s, v = one(p, draft)
            decode += d
            checksum += v
            size = size or s
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(json.dumps({"mode": mode, "images": len(paths), "seconds": seconds, "rate": len(paths) / seconds,
                          "cpu_seconds": cpu, "decode_seconds": decode, "decoded_size": list(size),
                          "checksum": checksum}), flush=True)


if __name__ == "__main__":
    main()
