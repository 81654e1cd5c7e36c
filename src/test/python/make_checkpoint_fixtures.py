#!/usr/bin/python3
"""Makes the small checkpoint files under src/test/resources/checkpoints/ that test the Java readers
(PthReader, SafetensorsReader, Checkpoints) against files written by real PyTorch.

Run from the repository root with a Python that has torch (Debian: apt-get install python3-torch, then
/usr/bin/python3 src/test/python/make_checkpoint_fixtures.py). Deterministic: fixed values, no RNG.

Files:
  dtypes.pth         OrderedDict: float16, bfloat16, float64, int64, int32, uint8, bool, float32, 0-d scalar
  views.pth          views: a transposed (non-contiguous) tensor, a row slice with a storage offset that
                     shares its storage with another entry, a strided column slice, a 0-d element view
  nested.pth         {"model": state_dict, "epoch": 3, "optimizer": {...}, "name": "..."}
  oddly.named.ckpt   saved by path, so torch names the archive folder "oddly.named" (not "archive")
  dataparallel.pth   every key prefixed with "module." (a model saved while wrapped in DataParallel)
  manual.safetensors safetensors written by hand below (the safetensors package is not in Debian):
                     __metadata__, F16/BF16/F64/I64/F32 tensors, a 0-d tensor, header padded with spaces
  expected.npz       the values: member "<file stem>__<key>" (dots in keys kept); floating values as
                     float64 (exact for every source type), integers/bools as int64
"""
import collections
import json
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join("src", "test", "resources", "checkpoints")


def ramp(n, scale=1.0, offset=0.0):
    return [offset + scale * i for i in range(n)]


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    def remember(stem, sd):
        for k, t in sd.items():
            a = t.detach().contiguous()
            if a.dtype in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
                expected[stem + "__" + k] = a.to(torch.float64).numpy()
            else:
                expected[stem + "__" + k] = a.to(torch.int64).numpy()

    # --- element types ---------------------------------------------------------------------------
    dtypes = collections.OrderedDict()
    dtypes["half"] = torch.tensor(ramp(6, 0.3333, -1.0), dtype=torch.float16).reshape(2, 3)
    dtypes["bf16"] = torch.tensor(ramp(6, 1.7, -3.0), dtype=torch.bfloat16).reshape(3, 2)
    dtypes["double"] = torch.tensor([1.0 / 3.0, -2.0 / 7.0, 1e-300, 12345.678901234567], dtype=torch.float64)
    dtypes["long"] = torch.tensor([[-5, 0], [2 ** 40 + 7, 2 ** 62 + 1]], dtype=torch.int64)
    dtypes["int"] = torch.tensor([-(2 ** 31), 2 ** 31 - 1, 7], dtype=torch.int32)
    dtypes["byte"] = torch.tensor([0, 1, 255], dtype=torch.uint8)
    dtypes["flag"] = torch.tensor([True, False, True])
    dtypes["float"] = torch.tensor(ramp(24, 0.125, -1.5), dtype=torch.float32).reshape(2, 3, 4)
    dtypes["scalar"] = torch.tensor(2.5, dtype=torch.float32)  # 0-d
    dtypes["num_batches_tracked"] = torch.tensor(17, dtype=torch.int64)  # 0-d int64, as BatchNorm stores
    torch.save(dtypes, os.path.join(OUT, "dtypes.pth"))
    remember("dtypes", dtypes)

    # --- views and shared storage ----------------------------------------------------------------
    base = torch.tensor(ramp(20, 0.5, 1.0), dtype=torch.float32).reshape(4, 5)
    views = collections.OrderedDict()
    views["base"] = base
    views["transposed"] = base.t()              # (5, 4), strides (1, 5): not contiguous
    views["rows"] = base[1:3]                   # storage offset 5, shares base's storage
    views["cols"] = base[:, 1::2]               # (4, 2), strides (5, 2)
    views["element"] = base[2, 3]               # 0-d view at offset 13
    assert not views["transposed"].is_contiguous() and views["rows"].storage_offset() == 5
    torch.save(views, os.path.join(OUT, "views.pth"))
    remember("views", views)

    # --- nested training checkpoint --------------------------------------------------------------
    model = collections.OrderedDict()
    model["encoder.weight"] = torch.tensor(ramp(6, -0.25, 0.75), dtype=torch.float32).reshape(3, 2)
    model["encoder.bias"] = torch.tensor([0.1, 0.2, 0.3], dtype=torch.float32)
    model["head.weight"] = torch.tensor(ramp(3, 2.0, 1.0), dtype=torch.float32).reshape(1, 3)
    nested = {
        "model": model,
        "epoch": 3,
        "optimizer": {"lr": 1e-4, "betas": [0.9, 0.999], "step": 1200},
        "name": "nested checkpoint",
    }
    torch.save(nested, os.path.join(OUT, "nested.pth"))
    remember("nested", model)

    # --- archive folder named after the file ---------------------------------------------------
    odd = collections.OrderedDict()
    odd["w"] = torch.tensor(ramp(4, 1.0, 10.0), dtype=torch.float32).reshape(2, 2)
    torch.save(odd, os.path.join(OUT, "oddly.named.ckpt"))
    remember("oddly", odd)

    # --- DataParallel prefix --------------------------------------------------------------------
    dp = collections.OrderedDict()
    dp["module.conv.weight"] = torch.tensor(ramp(8, 0.5, -2.0), dtype=torch.float32).reshape(2, 1, 2, 2)
    dp["module.conv.bias"] = torch.tensor([1.0, -1.0], dtype=torch.float32)
    torch.save(dp, os.path.join(OUT, "dataparallel.pth"))
    remember("dataparallel", dp)

    # --- safetensors, written by hand -----------------------------------------------------------
    st = collections.OrderedDict()
    st["b.half"] = torch.tensor(ramp(4, -0.75, 2.0), dtype=torch.float16).reshape(2, 2)
    st["a.bf16"] = torch.tensor(ramp(3, 3.5, -1.0), dtype=torch.bfloat16)
    st["c.double"] = torch.tensor([1.0 / 3.0, 2.0 ** -40], dtype=torch.float64)
    st["d.long"] = torch.tensor([2 ** 62 + 1, -3], dtype=torch.int64)
    st["e.float"] = torch.tensor(ramp(12, 0.1, 0.0), dtype=torch.float32).reshape(3, 1, 4)
    st["f.scalar"] = torch.tensor(-4.25, dtype=torch.float32)
    write_safetensors(os.path.join(OUT, "manual.safetensors"), st, {"format": "pt", "note": "hand written"})
    remember("manual", st)

    np.savez(os.path.join(OUT, "expected.npz"), **expected)
    for f in sorted(os.listdir(OUT)):
        print("%-22s %8d bytes" % (f, os.path.getsize(os.path.join(OUT, f))))


def write_safetensors(path, tensors, metadata):
    names = {torch.float16: "F16", torch.bfloat16: "BF16", torch.float32: "F32", torch.float64: "F64",
             torch.int64: "I64"}
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for k, t in tensors.items():
        # raw bytes through an int view (numpy has no bfloat16)
        elem = t.element_size()
        raw = t.contiguous().view(torch.int16 if elem == 2 else torch.int32 if elem == 4 else torch.int64)
        b = raw.numpy().astype("<i%d" % elem).tobytes()
        header[k] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


if __name__ == "__main__":
    sys.exit(main())
