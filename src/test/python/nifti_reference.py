#!/usr/bin/python3
"""Reference data for the Java NIfTI tests (org.samtune.io), made with nibabel (an independent NIfTI
implementation). Run with Debian's python3 (apt-get install python3-nibabel) from the repository root:

    /usr/bin/python3 src/test/python/nifti_reference.py

1. Writes small synthetic volumes into src/test/resources/nifti/: every supported datatype in both byte orders,
   a scaled int16 volume, and a 4D volume with a rotated qform, a different sform and a header extension.
   Voxel values follow value(k) below; NiftiReaderSyntheticTest computes the same formula in Java.
2. Prints the numbers that NiftiReaderRealDataTest freezes for the MSD hippocampus volumes.
"""
import gzip
import os
import struct

import nibabel as nib
import numpy as np

ROOT = os.path.join('src', 'test', 'resources')
OUT = os.path.join(ROOT, 'nifti')
SHAPE = (4, 3, 2)  # x, y, z; voxel k = x + 4*(y + 3*z)

# dtype -> (lowest, highest, base, step): voxel 0 = lowest, voxel 1 = highest, voxel k >= 2 = base + (k-2)*step
TYPES = {
    'uint8': (0, 255, 3, 11),
    'int8': (-128, 127, -100, 9),
    'int16': (-32768, 32767, -30000, 2857),
    'uint16': (0, 65535, 100, 3100),
    'int32': (-2**31, 2**31 - 1, -2000000000, 190000000),
    'uint32': (0, 2**32 - 1, 7, 204000000),
    'float32': (-float(np.finfo(np.float32).max), float(np.finfo(np.float32).max), -10.25, 0.75),
    'float64': (-float(np.finfo(np.float64).max), float(np.finfo(np.float64).max), -7.0, 1.0 / 3.0),
}


def values(name):
    lo, hi, base, step = TYPES[name]
    n = int(np.prod(SHAPE))
    v = [lo, hi] + [base + (k - 2) * step for k in range(2, n)]
    return np.array(v, dtype=name).reshape(SHAPE, order='F')  # x fastest, as stored in the file


def save(data, path, endianness='<', dtype=None):
    hdr = nib.Nifti1Header(endianness=endianness)
    img = nib.Nifti1Image(data, affine=None, header=hdr)
    img.set_data_dtype(dtype or data.dtype)
    nib.save(img, path)
    back = nib.load(path)
    assert back.header.endianness == endianness, path
    assert np.array_equal(np.asanyarray(back.dataobj), data), path


def synthetic():
    os.makedirs(OUT, exist_ok=True)
    for name in TYPES:
        data = values(name)
        save(data, os.path.join(OUT, 'dt_%s_le.nii' % name), '<')
        save(data.astype(data.dtype.newbyteorder('>')), os.path.join(OUT, 'dt_%s_be.nii.gz' % name), '>')

    # int16 with scl_slope 0.5, scl_inter -3: nibabel writes no scaling for int16 data, so patch the header
    path = os.path.join(OUT, 'scaled_int16.nii')
    save(values('int16'), path, '<')
    with open(path, 'r+b') as f:
        f.seek(112)
        f.write(struct.pack('<ff', 0.5, -3.0))
    scaled = nib.load(path).get_fdata()
    print('scaled_int16: slope/inter', nib.load(path).header.get_slope_inter(),
          'first values', scaled.flatten(order='F')[:4].tolist())

    # 4D float32 with a rotated, z-flipped qform (qfac -1), another sform, units, description and an extension
    data = (np.arange(3 * 4 * 5 * 2, dtype=np.float32) * 0.5).reshape((3, 4, 5, 2), order='F')
    t = np.deg2rad(30.0)
    rot = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
    qaff = np.eye(4)
    qaff[:3, :3] = rot @ np.diag([0.5, 0.75, -2.0])
    qaff[:3, 3] = [-10.0, 20.5, 7.25]
    saff = np.array([[0.5, 0, 0, -9.0], [0, 0.75, 0, 21.0], [0, 0, 2.0, 6.5], [0, 0, 0, 1]])
    img = nib.Nifti1Image(data, affine=None)
    img.header.set_qform(qaff, code=1)
    img.header.set_sform(saff, code=2)
    img.header.set_zooms((0.5, 0.75, 2.0, 1.5))
    img.header.set_xyzt_units('mm', 'sec')
    img.header['descrip'] = b'SAM Tune geometry test'
    img.header.extensions.append(nib.nifti1.Nifti1Extension('comment', b'an extension the reader must skip'))
    path = os.path.join(OUT, 'geom_4d_ext.nii.gz')
    nib.save(img, path)
    h = nib.load(path).header
    np.set_printoptions(precision=17, suppress=False)
    print('geom_4d_ext: vox_offset', h['vox_offset'], 'pixdim', h['pixdim'].tolist(), 'xyzt_units',
          int(h['xyzt_units']), 'qform_code', int(h['qform_code']), 'sform_code', int(h['sform_code']))
    print('  quatern', [float(h[k]) for k in ('quatern_b', 'quatern_c', 'quatern_d')],
          'qoffset', [float(h[k]) for k in ('qoffset_x', 'qoffset_y', 'qoffset_z')])
    print('  qform', h.get_qform().tolist())
    print('  sform', h.get_sform().tolist())


def real_data():
    base = os.path.join(ROOT, 'datasets', 'msd-hippocampus')
    for rel in ('images/hippocampus_001.nii.gz', 'labels/hippocampus_001.nii.gz', 'images/hippocampus_003.nii.gz'):
        img = nib.load(os.path.join(base, rel))
        h = img.header
        a = np.asanyarray(img.dataobj).astype(np.float64)
        flat = a.flatten(order='F')
        print(rel)
        print('  shape', img.shape, 'datatype', int(h['datatype']), 'pixdim', h['pixdim'][:5].tolist(),
              'xyzt_units', int(h['xyzt_units']), 'qform/sform code', int(h['qform_code']), int(h['sform_code']))
        # img.header has scl_slope/inter reset to NaN (nibabel moves scaling to dataobj): read the stored ones
        with gzip.open(os.path.join(base, rel)) as f:
            stored = nib.Nifti1Header.from_fileobj(f)
        print('  stored slope/inter', float(stored['scl_slope']), float(stored['scl_inter']),
              'descrip', stored['descrip'].tobytes().rstrip(b'\0'))
        print('  affine', img.affine.tolist())
        print('  min %r max %r sum %r nonzero %d' % (flat.min(), flat.max(), flat.sum(), np.count_nonzero(flat)))
        print('  index-weighted sum %r' % float(np.dot(flat, np.arange(flat.size, dtype=np.float64))))
        for xyz in ((0, 0, 0), (17, 25, 17), (img.shape[0] - 1, img.shape[1] - 1, img.shape[2] - 1), (5, 40, 20),
                    (20, 30, 10)):
            print('  value at', xyz, repr(float(a[xyz])))
        if rel.startswith('labels'):
            print('  counts', {int(v): int(c) for v, c in zip(*np.unique(flat, return_counts=True))})


if __name__ == '__main__':
    synthetic()
    real_data()
