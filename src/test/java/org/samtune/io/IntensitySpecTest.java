package org.samtune.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The textual specs of {@link IntensityMapping}: what they parse to, their canonical form, and the errors. */
class IntensitySpecTest {

    @Test
    void specsParseToTheirCanonicalFormAndBack() {
        String[][] cases = {
                {"auto", "auto"}, {" AUTO ", "auto"}, {"asis", "asis"}, {"as-is", "asis"},
                {"minmax", "minmax"}, {"min-max", "minmax"}, {"volume-minmax", "minmax"},
                {"slice-minmax", "slice-minmax"}, {"finetune-sam", "slice-minmax"},
                {"percentile", "percentile:0.5,99.5"}, {"mr", "percentile:0.5,99.5"},
                {"percentile: 1 , 99", "percentile:1,99"}, {"window:-160,240", "window:-160,240"},
                {"window:0.5,2.25", "window:0.5,2.25"}, {"ct:soft-tissue", "ct:soft-tissue"},
                {"ct:abdomen", "ct:soft-tissue"}, {"ct:LUNG", "ct:lung"}, {"ct:bone", "ct:bone"}, {"ct:brain", "ct:brain"},
        };
        for (String[] c : cases) {
            IntensityMapping m = IntensityMapping.parse(c[0]);
            assertEquals(c[1], m.spec(), c[0]);
            assertEquals(c[1], IntensityMapping.parse(m.spec()).spec(), "round trip of " + c[0]);
        }
    }

    @Test
    void ctPresetNumbers() {
        // level +- width / 2, in HU: soft tissue W400 L40, lung W1500 L-600, bone W1800 L400, brain W80 L40
        double[][] expected = {{-160, 240}, {-1350, 150}, {-500, 1300}, {0, 80}};
        String[] names = {"soft-tissue", "lung", "bone", "brain"};
        for (int i = 0; i < names.length; i++) {
            WindowMapping w = (WindowMapping) IntensityMapping.parse("ct:" + names[i]);
            assertEquals(expected[i][0], w.low(), 0.0, names[i]);
            assertEquals(expected[i][1], w.high(), 0.0, names[i]);
        }
        // the same window written out maps identically: -160 -> 0, 40 -> 127.5 -> 128, 240 -> 255
        byte[] a = IntensityMapping.parse("ct:soft-tissue").toUint8(new float[] {-161, 40, 241});
        assertArrayEquals(a, IntensityMapping.parse("window:-160,240").toUint8(new float[] {-161, 40, 241}));
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255}, a);
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertMessage("gamma", "unknown intensity \"gamma\": use one of auto, asis");
        assertMessage("ct:liver", "unknown CT window \"liver\"");
        assertMessage("ct", "ct needs a preset");
        assertMessage("window:240,-160", "window:LO,HI needs LO < HI");
        assertMessage("window", "window needs its bounds");
        assertMessage("window:1,2,3", "expected LO,HI (two numbers separated by a comma), got \"1,2,3\"");
        assertMessage("window:a,2", "\"a\" is not a number");
        assertMessage("window:NaN,2", "\"nan\" is not a number");
        assertMessage("percentile:90,10", "percentiles must satisfy 0 <= low <= high <= 100");
        assertMessage("percentile:-1,50", "percentiles must satisfy");
        assertMessage("minmax:3", "takes no \":3\"");
        assertMessage("", "empty intensity spec");
    }

    private static void assertMessage(String spec, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IntensityMapping.parse(spec));
        assertTrue(e.getMessage().contains(part), spec + ": " + e.getMessage());
    }

    @Test
    void autoDependsOnBitDepthAndScope() {
        assertEquals("asis", IntensityMapping.auto().forBitDepth(8).spec());
        assertEquals("minmax", IntensityMapping.auto().forBitDepth(16).spec());
        assertEquals("minmax", IntensityMapping.auto().forBitDepth(32).spec());
        // volumes: finetune-SAM's per-slice min-max (truncating): 2 of 0..7 -> 72, where rounding would give 73
        float[] volume = {0, 1, 2, 7, 100, 200};
        IntensityMapping bound = IntensityMapping.auto().forVolume(volume);
        byte[] g = bound.toUint8(new float[] {0, 2, 7});
        // after the volume rescaling (x / 200) the slice is 0, 0.01, 0.035: 0.01 / 0.035 * 255 = 72.86 -> 72
        assertEquals(0, g[0] & 0xFF);
        assertEquals(72, g[1] & 0xFF);
    }

    @Test
    void minMaxScopeIsTheImageOrTheVolume() {
        float[] slice = {10, 20, 30};
        // per image: 10..30
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255}, IntensityMapping.minMax().toUint8(slice));
        // per volume: 0..40 -> 10 -> 63.75 -> 64, 20 -> 127.5 -> 128, 30 -> 191.25 -> 191
        IntensityMapping vol = IntensityMapping.minMax().forVolume(new float[] {0, 10, 20, 30, 40});
        assertArrayEquals(new byte[] {64, (byte) 128, (byte) 191}, vol.toUint8(slice));
        // percentiles likewise over the volume: 0..100, 10th/90th -> 10..90
        float[] ramp = new float[101];
        for (int i = 0; i <= 100; i++) {
            ramp[i] = i;
        }
        WindowMapping p = (WindowMapping) IntensityMapping.parse("percentile:10,90").forVolume(ramp);
        assertEquals(10, p.low(), 1e-12);
        assertEquals(90, p.high(), 1e-12);
    }
}
