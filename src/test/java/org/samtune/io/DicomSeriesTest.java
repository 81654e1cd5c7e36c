package org.samtune.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.Prefs;

/**
 * DICOM folders made by src/test/python/make_dicom_fixtures.py (pydicom). Expected values follow the script's
 * formulas: series4 stores 1000 + 100k + 10r + c (slice k in position order, row r, column c), slope 2, intercept
 * -100, so HU = 1900 + 200k + 20r + 2c; signed2 stores -5 + 7k + 3r + c as int16 with intercept -1024.
 */
class DicomSeriesTest {
    static {
        // ImageJ's DICOM reader used to throw HeadlessException here for slope != 1: run these tests headless
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final Path DICOM = NiftiTestData.resource("dicom");

    @Test
    void series4HasSlopeAppliedPositionOrderAndSpacing() throws IOException {
        DicomSeries s = DicomSeries.read(DICOM.resolve("series4"));
        assertEquals(5, s.width());
        assertEquals(4, s.height());
        assertEquals(4, s.depth());
        assertEquals(List.of("IM_c.dcm", "IM_a.dcm", "IM_d.dcm", "IM_b.dcm"),
                s.files().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(s.orderedByPosition());
        assertArrayEquals(new double[] {5, 7.5, 10, 12.5}, s.slicePositions(), 1e-9);
        assertArrayEquals(new double[] {0.8, 0.7, 2.5}, s.spacing(), 1e-9);
        assertEquals("1.2.826.0.1.3680043.8.498.10", s.seriesInstanceUid());
        for (int k = 0; k < 4; k++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 5; c++) {
                    float expected = (k == 3 && r == 0 && c == 0) ? 2 * 60000 - 100 : 1900 + 200 * k + 20 * r + 2 * c;
                    assertEquals(expected, s.get(c, r, k), 0f, "slice " + k + " row " + r + " col " + c);
                }
            }
        }
        assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    }

    @Test
    void toNiftiKeepsValuesSpacingAndRasGeometry() throws IOException {
        NiftiImage n = DicomSeries.read(DICOM.resolve("series4")).toNifti();
        assertArrayEquals(new int[] {5, 4, 4}, n.dims());
        assertEquals(1900 + 200 * 2 + 20 * 3 + 2 * 4, n.get(4, 3, 2), 0.0);
        assertArrayEquals(new double[] {0.8, 0.7, 2.5}, n.spacing(), 1e-6);
        // LPS origin (-10, -20, 5) and axes (+x, +y, +z) become RAS (10, 20, 5) and (-x, -y, +z)
        assertEquals(NiftiImage.XFORM_SCANNER_ANAT, n.sformCode());
        assertArrayEquals(new float[] {-0.8f, 0, 0, 10}, n.srow(0), 1e-6f);
        assertArrayEquals(new float[] {0, -0.7f, 0, 20}, n.srow(1), 1e-6f);
        assertArrayEquals(new float[] {0, 0, 2.5f, 5}, n.srow(2), 1e-6f);
    }

    @Test
    void signedPixelsAndInstanceNumberOrder() throws IOException {
        DicomSeries s = DicomSeries.read(DICOM.resolve("signed2"));
        assertEquals(List.of("b.dcm", "a.dcm"), s.files().stream().map(p -> p.getFileName().toString()).toList());
        assertFalse(s.orderedByPosition());
        assertNull(s.slicePositions());
        assertEquals(2, s.width());
        assertEquals(3, s.height());
        assertEquals(3.0, s.spacing()[2], 0.0); // SliceThickness
        assertEquals(-2000 - 1024, s.get(0, 0, 0), 0f);
        assertEquals(-5 + 3 * 2 + 1 - 1024, s.get(1, 2, 0), 0f);
        assertEquals(-5 + 7 + 3 + 0 - 1024, s.get(0, 1, 1), 0f);
    }

    @Test
    void mixedSeriesAreRefusedWithTheSeriesListed() {
        IOException e = assertThrows(IOException.class, () -> DicomSeries.read(DICOM.resolve("mixed")));
        String m = e.getMessage();
        assertTrue(m.contains("mixes 2 series"), m);
        assertTrue(m.contains("1.2.826.0.1.3680043.8.498.31") && m.contains("1.2.826.0.1.3680043.8.498.32"), m);
        assertTrue(m.contains("s0_0.dcm") && m.contains("s1_0.dcm"), m);

        IOException size = assertThrows(IOException.class, () -> DicomSeries.read(DICOM.resolve("mixed-size")));
        assertTrue(size.getMessage().contains("different image sizes"), size.getMessage());
        assertTrue(size.getMessage().contains("5x4") && size.getMessage().contains("3x3"), size.getMessage());
    }

    @Test
    void nonDicomFilesAreSkippedAndPrefsRestored(@TempDir Path dir) throws IOException {
        try (Stream<Path> files = Files.list(DICOM.resolve("series4"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        Files.writeString(dir.resolve("README.txt"), "not a DICOM file\n");
        boolean asFloat = Prefs.openDicomsAsFloat;
        boolean ignore = Prefs.ignoreRescaleSlope;
        DicomSeries s = DicomSeries.read(dir);
        assertEquals(4, s.depth());
        assertEquals(2 * 60000 - 100, s.get(0, 0, 3), 0f);
        assertEquals(asFloat, Prefs.openDicomsAsFloat);
        assertEquals(ignore, Prefs.ignoreRescaleSlope);

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(IOException.class, () -> DicomSeries.read(empty));
    }

    /**
     * The same read in fresh JVMs with java.awt.headless=true and =false (without DISPLAY): ImageJ's slope
     * handling differs between the two (HeadlessException / slope silently skipped), the values must not.
     */
    @Test
    void sameValuesWithHeadlessTrueAndFalse() throws Exception {
        for (String headless : new String[] {"true", "false"}) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Djava.awt.headless=" + headless, "-cp", System.getProperty("java.class.path"),
                    DicomHeadlessCheck.class.getName(), DICOM.resolve("series4").toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().remove("DISPLAY");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("headless=" + headless), out);
            assertTrue(out.contains("values 1900.0 1902.0 2100.0 119900.0 order IM_c.dcm IM_a.dcm IM_d.dcm IM_b.dcm"),
                    out);
        }
    }
}
