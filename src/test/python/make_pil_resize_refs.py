#!/usr/bin/env python3
"""Writes Pillow reference resizes for PilResizeTest into src/test/resources/pil/.

Run once from the repository root with Debian's python3-pil (any Pillow >= 4 gives the same bytes):
    /usr/bin/python3 src/test/python/make_pil_resize_refs.py

The source images are not stored: they are a formula (see source_image) that the Java test evaluates
identically. For each case the script writes
  - <name>.png       the expected uint8 RGB result of Image.resize((dst_w, dst_h), Image.BILINEAR), when small;
  - cases.txt        one line per case: name src_w src_h dst_w dst_h sha256-of-the-interleaved-RGB-bytes and
                     sha256 of the source bytes (checks the Java copy of the formula)
so big results are checked by hash (plus a stored crop, <name>_crop.png = result[0:32, 0:32]).
"""
import hashlib
import os
import sys

import numpy as np
import PIL
from PIL import Image

OUT = os.path.join("src", "test", "resources", "pil")

# (name, src_w, src_h, dst_w, dst_h)
CASES = [
    ("enlarge_37x53_to_128x91", 37, 53, 128, 91),
    ("shrink_513x400_to_128x100", 513, 400, 128, 100),
    ("shrink_2000x1500_to_1024x768", 2000, 1500, 1024, 768),
    ("identity_1024x1024", 1024, 1024, 1024, 1024),
    ("vertical_only_64x50_to_64x31", 64, 50, 64, 31),
    ("horizontal_only_50x64_to_97x64", 50, 64, 97, 64),
    ("mixed_300x7_to_5x200", 300, 7, 5, 200),
    ("tiny_1x1_to_3x2", 1, 1, 3, 2),
    ("tiny_3x1_to_1x1", 3, 1, 1, 1),
    ("odd_shrink_1023x767_to_1024x333", 1023, 767, 1024, 333),
]

SMALL = 200_000  # results with at most this many bytes are stored whole as PNG


def source_image(w, h):
    """Deterministic test pattern (uint8 HxWx3): R = horizontal ramp, G = hash noise,
    B = 3x2 checker mixed with a vertical ramp. Mirrored by PilResizeTest.sourceImage."""
    x = np.arange(w, dtype=np.uint64)[None, :]
    y = np.arange(h, dtype=np.uint64)[:, None]
    img = np.zeros((h, w, 3), dtype=np.uint8)
    img[..., 0] = (x * 255 // max(w - 1, 1)).astype(np.uint8) + np.zeros((h, 1), dtype=np.uint8)
    mask32 = np.uint64(0xFFFFFFFF)
    hsh = ((x * np.uint64(73856093)) ^ (y * np.uint64(19349663))) & mask32
    hsh = (hsh * np.uint64(2654435761)) & mask32
    img[..., 1] = (hsh >> np.uint64(24)).astype(np.uint8)
    checker = ((x // np.uint64(3) + y // np.uint64(2)) % np.uint64(2)) == 0
    ramp = (y * 255 // max(h - 1, 1)) + np.zeros((1, w), dtype=np.uint64)
    img[..., 2] = np.where(checker, 255, ramp).astype(np.uint8)
    return img


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = ["# made by src/test/python/make_pil_resize_refs.py with Pillow " + PIL.__version__,
             "# name src_w src_h dst_w dst_h sha256(result bytes, HxWx3 row-major) sha256(source bytes)"]
    for name, sw, sh, dw, dh in CASES:
        src = source_image(sw, sh)
        res = np.asarray(Image.fromarray(src, "RGB").resize((dw, dh), Image.BILINEAR))
        assert res.shape == (dh, dw, 3) and res.dtype == np.uint8
        digest = hashlib.sha256(np.ascontiguousarray(res).tobytes()).hexdigest()
        src_digest = hashlib.sha256(src.tobytes()).hexdigest()
        lines.append(f"{name} {sw} {sh} {dw} {dh} {digest} {src_digest}")
        if res.nbytes <= SMALL:
            Image.fromarray(res, "RGB").save(os.path.join(OUT, name + ".png"))
        else:
            Image.fromarray(np.ascontiguousarray(res[:32, :32]), "RGB").save(os.path.join(OUT, name + "_crop.png"))
        print(name, digest, file=sys.stderr)
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
