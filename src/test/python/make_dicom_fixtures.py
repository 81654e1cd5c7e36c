#!/usr/bin/python3
"""Tiny DICOM series for org.samtune.io.DicomSeriesTest, written with pydicom (an independent DICOM
implementation). Run with Debian's python3 (apt-get install python3-pydicom) from the repository root:

    /usr/bin/python3 src/test/python/make_dicom_fixtures.py

Writes into src/test/resources/dicom/:
  series4/      4 axial slices, 4 rows x 5 columns, uint16, RescaleSlope 2, RescaleIntercept -100,
                PixelSpacing 0.7 (rows) / 0.8 (columns), slice positions z = 5.0 + 2.5*k. The file names are
                shuffled so that name order is not slice order, and InstanceNumber runs *against* the
                position order, so only ImagePositionPatient gives the right order.
                Stored value of slice k (in position order), row r, column c: 1000 + 100*k + 10*r + c, except
                slice 3, row 0, column 0, which holds 60000 (above 32767: checks unsigned 16-bit handling).
  signed2/      2 slices, 3 x 2, int16 (PixelRepresentation 1), slope 1, intercept -1024, values
                -5 + 7*k + 3*r + c with slice 0, row 0, column 0 = -2000; no ImagePositionPatient, so the order
                comes from InstanceNumber; SliceThickness 3.
  mixed/        two series (different SeriesInstanceUID) in one folder, 2 slices each.
  mixed-size/   one SeriesInstanceUID, but one file has 3 x 3 pixels instead of 4 x 5.
DicomSeriesTest checks these numbers; it does not read this script.
"""
import os
import shutil

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

OUT = os.path.join('src', 'test', 'resources', 'dicom')
CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2'
MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4'


def write(path, pixels, series_uid, instance, position=None, signed=False, slope=1.0, intercept=0.0,
          spacing=(0.7, 0.8), thickness=None, sop_class=CT_IMAGE_STORAGE):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=[path])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = 'CT' if sop_class == CT_IMAGE_STORAGE else 'MR'
    ds.PatientName = 'SAMTune^Fixture'
    ds.PatientID = 'samtune-0'
    ds.StudyInstanceUID = '1.2.826.0.1.3680043.8.498.1'
    ds.SeriesInstanceUID = series_uid
    ds.SeriesNumber = 1
    ds.InstanceNumber = instance
    if position is not None:
        ds.ImagePositionPatient = [float(v) for v in position]
        ds.ImageOrientationPatient = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    ds.PixelSpacing = [float(spacing[0]), float(spacing[1])]
    if thickness is not None:
        ds.SliceThickness = thickness
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = 'MONOCHROME2'
    ds.Rows, ds.Columns = pixels.shape
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleSlope = slope
    ds.RescaleIntercept = intercept
    ds.PixelData = pixels.astype('<i2' if signed else '<u2').tobytes()
    ds.save_as(path, write_like_original=False)
    back = pydicom.dcmread(path)
    assert np.array_equal(back.pixel_array, pixels), path


def fresh(name):
    path = os.path.join(OUT, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def series4():
    d = fresh('series4')
    uid = '1.2.826.0.1.3680043.8.498.10'
    names = ['IM_c.dcm', 'IM_a.dcm', 'IM_d.dcm', 'IM_b.dcm']  # slice k goes to names[k]
    for k in range(4):
        r, c = np.mgrid[0:4, 0:5]
        px = (1000 + 100 * k + 10 * r + c).astype(np.uint16)
        if k == 3:
            px[0, 0] = 60000
        write(os.path.join(d, names[k]), px, uid, instance=4 - k, position=(-10.0, -20.0, 5.0 + 2.5 * k),
              slope=2, intercept=-100)


def signed2():
    d = fresh('signed2')
    uid = '1.2.826.0.1.3680043.8.498.20'
    for k, name in enumerate(['b.dcm', 'a.dcm']):
        r, c = np.mgrid[0:3, 0:2]
        px = (-5 + 7 * k + 3 * r + c).astype(np.int16)
        if k == 0:
            px[0, 0] = -2000
        write(os.path.join(d, name), px, uid, instance=k + 1, signed=True, intercept=-1024, thickness=3.0)


def mixed():
    d = fresh('mixed')
    for s, uid in enumerate(['1.2.826.0.1.3680043.8.498.31', '1.2.826.0.1.3680043.8.498.32']):
        for k in range(2):
            px = np.full((4, 5), 100 * s + k, dtype=np.uint16)
            write(os.path.join(d, 's%d_%d.dcm' % (s, k)), px, uid, instance=k + 1, position=(0, 0, k))
    d = fresh('mixed-size')
    uid = '1.2.826.0.1.3680043.8.498.40'
    write(os.path.join(d, 'a.dcm'), np.zeros((4, 5), np.uint16), uid, instance=1, position=(0, 0, 0))
    write(os.path.join(d, 'b.dcm'), np.zeros((3, 3), np.uint16), uid, instance=2, position=(0, 0, 1))


if __name__ == '__main__':
    series4()
    signed2()
    mixed()
    print('wrote', OUT)
