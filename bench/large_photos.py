#!/usr/bin/python3
"""12-megapixel JPEGs (4032x3024, a phone camera's size) made from real photographs, plus list files, for
the benchmark's `large` part.

    /usr/bin/python3 bench/large_photos.py OUT N [--seed 11] [--quality 90]

Each image is a random 4:3 crop (60-100% of the largest 4:3 window) of one of scikit-image's sample
photographs (the sources of fixtures/photos.py: astronaut, chelsea, coffee, hubble deep field, motorcycle,
rocket), flipped at random, upscaled bicubically to 4032x3024 and saved at JPEG quality 90 (4:2:0). The
sources are 300 to 1000 pixels wide, so these are 4-13x upscales: smooth, with less fine detail than a
camera's photo, hence smaller files (about 0.6-1.2 MB, where a phone's 12 MP photo is 2-5 MB) and a
somewhat cheaper entropy decode; the pixel count, which sets the cost of the inverse DCT, colour conversion
and resize, is a camera's. Prefix-stable: the first K images of a run with N > K are those of N = K.
Needs Debian's python3-skimage and python3-pil, hence /usr/bin/python3.

Writes OUT/jpg/lNNNNN.jpg, OUT/train-data.txt, OUT/train-label.txt (one-hot, 6 classes), OUT/classes.txt.
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures"))
import photos  # noqa: E402  (fixtures/photos.py: the source photographs)

WIDTH, HEIGHT = 4032, 3024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--quality", type=int, default=90)
    a = ap.parse_args()
    sources = photos.sources()
    names = list(sources)
    os.makedirs(os.path.join(a.out, "jpg"), exist_ok=True)
    rng = np.random.default_rng(a.seed)
    total = 0
    with open(os.path.join(a.out, "train-data.txt"), "w") as data, \
            open(os.path.join(a.out, "train-label.txt"), "w") as labels:
        for i in range(a.n):
            c = int(rng.integers(len(names)))
            src = sources[names[c]]
            cw = min(src.width, src.height * 4 / 3) * rng.uniform(0.6, 1.0)
            ch = cw * 3 / 4
            x, y = rng.uniform(0, src.width - cw), rng.uniform(0, src.height - ch)
            im = src.resize((WIDTH, HEIGHT), Image.BICUBIC, box=(x, y, x + cw, y + ch))
            if rng.random() < 0.5:
                im = im.transpose(Image.FLIP_LEFT_RIGHT)
            path = os.path.join(a.out, "jpg", "l%05d.jpg" % i)
            im.save(path, quality=a.quality)
            total += os.path.getsize(path)
            data.write("jpg/l%05d.jpg\n" % i)
            labels.write(" ".join("1" if k == c else "0" for k in range(len(names))) + "\n")
    with open(os.path.join(a.out, "classes.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    print("large photos: %d JPEGs of %dx%d, %.2f MB each on average -> %s" % (
        a.n, WIDTH, HEIGHT, total / max(1, a.n) / 1e6, a.out))


if __name__ == "__main__":
    main()
