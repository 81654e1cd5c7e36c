#!/usr/bin/python3
"""Reference numbers for org.samtune.io.VolumeSlicesReferenceTest, from nibabel + numpy (independent of the Java
code). Run with Debian's python3 (python3-nibabel, python3-numpy) from the repository root:

    /usr/bin/python3 src/test/python/volume_slices_reference.py

For the MSD hippocampus volumes in src/test/resources/datasets/msd-hippocampus it prints, per slicing axis:
  * finetune-SAM 3-D notebook slices (3D_predictions_with_vis.ipynb), repeated with torch's float32 arithmetic:
      volume: v = (x - min) / float32(float64(max) - float64(min))           [clip to 0/100 percentile + rescale]
      slice:  u = (v - smin) / (float32(smax - smin) + float32(1e-8)) * 255  [all float32]
      uint8:  u.astype(uint8)                                                [truncation]
    slices are vol[i,:,:] / vol[:,j,:] / vol[:,:,k] (numpy order: rows = lower remaining axis);
  * volume percentile 0.5..99.5 (np.percentile in float64, linear) then floor(t * 255 + 0.5);
  * the labelled slices (any label != 0).
Each uint8 stack is summarised by the CRC-32 of its bytes (slices in index order, each row-major) and its sum.
"""
import os
import zlib

import nibabel as nib
import numpy as np

BASE = os.path.join('src', 'test', 'resources', 'datasets', 'msd-hippocampus')


def notebook_volume(x):
    x = x.astype(np.float32)
    lo, hi = x.min(), x.max()
    rng = np.float32(float(hi) - float(lo))
    v = (x - lo) / rng
    m = v.max()
    return v / m


def notebook_slice(s):
    smin, smax = s.min(), s.max()
    denom = np.float32(np.float32(smax - smin) + np.float32(1e-8))
    u = (s - smin) / denom * np.float32(255)
    assert u.dtype == np.float32
    return u.astype(np.uint8)


def percentile_volume(x, lo=0.5, hi=99.5):
    f = x.astype(np.float32).astype(np.float64)
    a, b = np.percentile(f, lo), np.percentile(f, hi)
    t = (np.clip(f, a, b) - a) / (b - a) * 255.0
    return np.floor(t + 0.5).astype(np.uint8), a, b


def cut(vol, axis, k):
    return vol[k, :, :] if axis == 0 else vol[:, k, :] if axis == 1 else vol[:, :, k]


def summary(stack):
    data = b''.join(np.ascontiguousarray(s).tobytes() for s in stack)
    return zlib.crc32(data), int(sum(int(s.astype(np.int64).sum()) for s in stack))


def main():
    for name in ('hippocampus_001', 'hippocampus_003'):
        img = nib.load(os.path.join(BASE, 'images', name + '.nii.gz'))
        x = img.get_fdata(dtype=np.float32)  # what torchio.ScalarImage holds
        print(name, 'shape', x.shape)
        v = notebook_volume(x)
        p, a, b = percentile_volume(x)
        print('  percentile 0.5/99.5 bounds', repr(a), repr(b))
        for axis in range(3):
            n = x.shape[axis]
            nb = [notebook_slice(cut(v, axis, k)) for k in range(n)]
            pc = [cut(p, axis, k) for k in range(n)]
            print('  axis', 'xyz'[axis], 'notebook crc/sum', summary(nb), 'percentile crc/sum', summary(pc))
            if name == 'hippocampus_001':
                lab = np.asanyarray(nib.load(os.path.join(BASE, 'labels', name + '.nii.gz')).dataobj)
                kept = [k for k in range(n) if np.any(cut(lab, axis, k) != 0)]
                print('    labelled slices', kept)
                print('    labelled notebook crc/sum', summary([nb[k] for k in kept]),
                      'labels crc/sum', summary([cut(lab, axis, k).astype(np.int32) for k in kept]))


if __name__ == '__main__':
    main()
