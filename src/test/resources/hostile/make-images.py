#!/usr/bin/python3
"""Writes the small committed images of the hostile corpus (run once at authoring time, from this folder):

    /usr/bin/python3 make-images.py

Needs Debian's python3-pil and python3-skimage (the real photographs come from scikit-image's samples).
Big inputs are not made here: the test generates them from their case.properties.
"""
import io, struct, zlib
import numpy as np
from PIL import Image
import skimage.data as samples


def jpeg(img, quality=90):
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality)
    return out.getvalue()


def png_chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


camera = Image.fromarray(samples.camera()).resize((28, 28), Image.BILINEAR)          # real grayscale photo
astronaut = Image.fromarray(samples.astronaut()).resize((28, 28), Image.BILINEAR)    # real RGB photo

# A PNG whose IHDR declares 100000 x 100000 8-bit gray pixels (10 GB decoded); one compressed row follows.
row = zlib.compress(b"\0" * 100001, 9)
bomb_png = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0))
            + png_chunk(b"IDAT", row) + png_chunk(b"IEND", b""))
open("decompression-bomb-png/bomb.png", "wb").write(bomb_png)

# A real baseline JPEG whose frame header (SOF0) is patched to declare 65500 x 65500 pixels.
data = bytearray(jpeg(camera))
p = 2
while True:
    marker, length = data[p + 1], struct.unpack(">H", data[p + 2:p + 4])[0]
    if marker == 0xC0:
        data[p + 5:p + 9] = struct.pack(">HH", 65500, 65500)
        break
    p += 2 + length
open("decompression-bomb-jpeg/bomb.jpg", "wb").write(bytes(data))

# A real JPEG cut at 60% of its length: no end-of-image marker.
whole = jpeg(camera)
open("truncated-jpeg/truncated.jpg", "wb").write(whole[:len(whole) * 6 // 10])

# A real PNG cut inside its IDAT chunk.
out = io.BytesIO()
camera.save(out, "PNG")
whole = out.getvalue()
open("truncated-png/truncated.png", "wb").write(whole[:len(whole) // 2])

# A real RGB PNG, to be listed after grayscale MNIST digits.
astronaut.convert("RGB").save("channels-differ/rgb.png")
