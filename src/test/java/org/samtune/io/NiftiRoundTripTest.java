package org.samtune.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Write, read back, compare every kept header field and voxel. */
class NiftiRoundTripTest {
    @TempDir
    Path dir;

    /** A volume of {@code type} holding the test pattern, with a rotated qform, a sform, scaling and text fields. */
    private static NiftiImage sample(NiftiDataType type) {
        NiftiImage img = new NiftiImage(NiftiTestData.SHAPE, type);
        for (int k = 0; k < img.voxelCount(); k++) {
            img.set(k, NiftiTestData.value(type, k));
        }
        img.setPixdim(new float[] {-1f, 0.5f, 0.75f, 2.5f, 0f, 0f, 0f, 0f});
        img.setQform(NiftiImage.XFORM_SCANNER_ANAT, 0.1f, -0.2f, 0.3f, -12.5f, 3.25f, 40f);
        img.setSform(2, new float[] {0.5f, 0.01f, 0f, -12f}, new float[] {0f, 0.75f, 0.02f, 3f},
                new float[] {0.03f, 0f, -2.5f, 41f});
        img.setXyztUnits(NiftiImage.UNITS_MM | NiftiImage.UNITS_SEC);
        img.setDimInfo(0x39);
        img.setScaling(2f, -1.5f);
        img.setCalRange(-4f, 9f);
        img.setIntent(3, "ttest");
        img.setDescription("round trip " + type);
        return img;
    }

    private static void assertSameVolume(NiftiImage expected, NiftiImage actual) {
        assertArrayEquals(expected.dims(), actual.dims());
        assertEquals(expected.dataType(), actual.dataType());
        for (int k = 0; k < expected.voxelCount(); k++) {
            assertEquals(expected.get(k), actual.get(k), 0.0, "voxel " + k);
        }
        assertArrayEquals(expected.pixdim(), actual.pixdim());
        assertEquals(expected.qformCode(), actual.qformCode());
        assertArrayEquals(expected.quatern(), actual.quatern());
        assertArrayEquals(expected.qoffset(), actual.qoffset());
        assertEquals(expected.sformCode(), actual.sformCode());
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(expected.srow(r), actual.srow(r));
        }
        assertEquals(expected.xyztUnits(), actual.xyztUnits());
        assertEquals(expected.dimInfo(), actual.dimInfo());
        assertEquals(expected.sclSlope(), actual.sclSlope());
        assertEquals(expected.sclInter(), actual.sclInter());
        assertEquals(expected.calMin(), actual.calMin());
        assertEquals(expected.calMax(), actual.calMax());
        assertEquals(expected.intentCode(), actual.intentCode());
        assertEquals(expected.intentName(), actual.intentName());
        assertEquals(expected.description(), actual.description());
    }

    @Test
    void everyDatatypeBothExtensionsBothByteOrders() throws IOException {
        for (NiftiDataType type : NiftiDataType.values()) {
            NiftiImage img = sample(type);
            for (String ext : new String[] {".nii", ".nii.gz"}) {
                for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    Path file = dir.resolve(type + "_" + order + ext);
                    NiftiWriter.write(img, file, order);
                    assertSameVolume(img, NiftiReader.read(file));
                    byte[] head = Files.readAllBytes(file);
                    boolean gz = (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
                    assertEquals(ext.equals(".nii.gz"), gz, "compression follows the extension");
                    if (!gz) {
                        assertEquals(352 + 24L * type.bytes, head.length, "header + flag + voxels");
                    }
                }
            }
        }
    }

    @Test
    void fourDimensionalAndLargeRoundTrip() throws IOException {
        // Spans several 64 KiB write/read chunks and a partial last one
        int[] dims = {61, 47, 23, 3};
        NiftiImage img = new NiftiImage(dims, NiftiDataType.FLOAT64);
        for (int k = 0; k < img.voxelCount(); k++) {
            img.set(k, Math.sin(k) * 1e3);
        }
        Path file = dir.resolve("big.nii.gz");
        NiftiWriter.write(img, file);
        NiftiImage back = NiftiReader.read(file);
        assertSameVolume(img, back);
        assertEquals(3, back.nt());
        assertEquals(img.get(img.index(60, 46, 22, 2)), back.get(img.voxelCount() - 1), 0.0);
    }

    @Test
    void labelsOverlayTheirSource() throws IOException {
        NiftiImage source = NiftiReader.read(NiftiTestData.resource("nifti/geom_4d_ext.nii.gz"));
        int[] labels = new int[3 * 4 * 5];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        NiftiImage seg = NiftiImage.likeGeometry(source, labels);
        assertEquals(NiftiDataType.UINT8, seg.dataType());
        assertArrayEquals(new int[] {3, 4, 5}, seg.dims(), "the label volume drops the time axis");
        Path file = dir.resolve("labels.nii.gz");
        NiftiWriter.write(seg, file);
        NiftiImage back = NiftiReader.read(file);
        assertArrayEquals(labels, back.toLabelArray());
        assertEquals(NiftiImage.INTENT_LABEL, back.intentCode());
        assertEquals(0f, back.calMin());
        assertEquals(2f, back.calMax());
        assertFalse(back.hasScaling());
        assertEquals(source.qformCode(), back.qformCode());
        assertEquals(source.sformCode(), back.sformCode());
        assertEquals(source.xyztUnits(), back.xyztUnits());
        assertEquals(source.qfac(), back.qfac());
        assertArrayEquals(source.spacing(), back.spacing(), 0.0);
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(source.qformMatrix()[r], back.qformMatrix()[r], 0.0);
            assertArrayEquals(source.sformMatrix()[r], back.sformMatrix()[r], 0.0);
        }

        labels[7] = 300;
        labels[8] = -2;
        assertEquals(NiftiDataType.INT16, NiftiImage.likeGeometry(source, labels).dataType());
        labels[9] = 40000;
        assertThrows(IllegalArgumentException.class, () -> NiftiImage.likeGeometry(source, labels));
        assertThrows(IllegalArgumentException.class, () -> NiftiImage.likeGeometry(source, new int[5]));
    }

    @Test
    void realLabelsKeepTheImageGeometry() throws IOException {
        NiftiImage image = NiftiReader.read(NiftiTestData.resource("datasets/msd-hippocampus/images/hippocampus_001.nii.gz"));
        NiftiImage truth = NiftiReader.read(NiftiTestData.resource("datasets/msd-hippocampus/labels/hippocampus_001.nii.gz"));
        Path file = dir.resolve("pred.nii");
        NiftiWriter.write(NiftiImage.likeGeometry(image, truth.toLabelArray()), file);
        NiftiImage back = NiftiReader.read(file);
        assertArrayEquals(truth.toLabelArray(), back.toLabelArray());
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(image.affine()[r], back.affine()[r], 0.0);
        }
    }

    @Test
    void writesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("a.nii");
        NiftiWriter.write(sample(NiftiDataType.INT16), file);
        NiftiWriter.write(sample(NiftiDataType.UINT8), file); // replaces the existing file
        assertEquals(NiftiDataType.UINT8, NiftiReader.read(file).dataType());

        // A failing write (dims too large for the header) keeps the old file and removes its temporary file
        NiftiImage tooWide = new NiftiImage(new int[] {40000}, NiftiDataType.UINT8);
        assertThrows(IllegalArgumentException.class, () -> NiftiWriter.write(tooWide, file));
        assertEquals(NiftiDataType.UINT8, NiftiReader.read(file).dataType());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only a.nii is left in the folder");
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NiftiWriter.write(sample(NiftiDataType.UINT8), dir.resolve("volume.tif")));
        assertTrue(e.getMessage().contains("volume.tif"), e.getMessage());
    }

    @Test
    void integerSetRejectsValuesOutsideTheType() {
        NiftiImage img = new NiftiImage(new int[] {2}, NiftiDataType.UINT8);
        img.set(0, 254.6);
        assertEquals(255, img.get(0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> img.set(0, 255.5));
        assertThrows(IllegalArgumentException.class, () -> img.set(0, -0.5));
        assertThrows(IllegalArgumentException.class, () -> img.set(0, Double.NaN));
        NiftiImage s = new NiftiImage(new int[] {1}, NiftiDataType.INT16);
        s.set(0, -2.5);
        assertEquals(-3, s.get(0), 0.0, "halves round away from zero");
    }

    @Test
    void longDescriptionsAreCutToTheField() throws IOException {
        NiftiImage img = sample(NiftiDataType.UINT8);
        img.setDescription("x".repeat(100) + "é");
        Path file = dir.resolve("d.nii");
        NiftiWriter.write(img, file);
        assertEquals("x".repeat(79), NiftiReader.read(file).description());
    }
}
