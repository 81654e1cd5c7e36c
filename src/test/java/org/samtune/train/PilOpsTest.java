package org.samtune.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PilOpsTest {

    private static byte[] gray(int... v) {
        byte[] b = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            b[3 * i] = b[3 * i + 1] = b[3 * i + 2] = (byte) v[i];
        }
        return b;
    }

    private static int at(byte[] rgb, int pixel, int c) {
        return rgb[3 * pixel + c] & 0xFF;
    }

    @Test
    void equalizeHandComputed() {
        // per band: 255 x value 0, 255 x value 10, 1 x value 20; step = (511 - 1) // 255 = 2
        // lut: n = 1 -> lut[0] = 0; n = 256 -> lut[1..10] = 128; n = 511 -> lut[11..20] = 255
        int[] v = new int[511];
        for (int i = 255; i < 510; i++) {
            v[i] = 10;
        }
        v[510] = 20;
        byte[] rgb = gray(v);
        PilOps.equalize(rgb);
        assertEquals(0, at(rgb, 0, 0));
        assertEquals(128, at(rgb, 300, 1));
        assertEquals(255, at(rgb, 510, 2));
        // a single-valued band is left alone
        byte[] flat = gray(7, 7, 7);
        PilOps.equalize(flat);
        assertArrayEquals(gray(7, 7, 7), flat);
    }

    @Test
    void blendTruncatesAndClipsOnlyWhenExtrapolating() {
        assertEquals(100, PilOps.blend(100, 101, 0.5f)); // 100.5 truncated
        assertEquals(100, PilOps.blend(101, 100, 0.5f));
        assertEquals(255, PilOps.blend(0, 200, 1.3f));   // brightness 1.3 on 200 -> 260 -> clipped
        assertEquals(0, PilOps.blend(100, 0, 1.3f));     // contrast away from mean 100 -> -30 -> 0
        assertEquals(130, PilOps.blend(0, 100, 1.3f));
    }

    @Test
    void contrastBlendsWithTheRoundedMeanGray() {
        byte[] rgb = gray(10, 21); // mean 15.5 -> int(16.0) = 16
        assertEquals(16, PilOps.meanGray(rgb));
        PilOps.contrast(rgb, 0.5f);
        assertEquals(13, at(rgb, 0, 0)); // 16 + 0.5 * (10 - 16)
        assertEquals(18, at(rgb, 1, 2)); // 16 + 0.5 * 5 = 18.5 -> 18
    }

    @Test
    void saturationAndHueDoNothingOnGrayReplicatedImages() {
        byte[] rgb = gray(0, 17, 128, 255);
        PilOps.saturation(rgb, 1.3f);
        PilOps.saturation(rgb, 0.7f);
        PilOps.hue(rgb, 0.3);
        PilOps.hue(rgb, -0.3);
        assertArrayEquals(gray(0, 17, 128, 255), rgb);
    }

    @Test
    void hueOnColourHandComputed() {
        int[] hsv = new int[3];
        PilOps.rgbToHsv(255, 0, 0, hsv);
        assertArrayEquals(new int[] {0, 255, 255}, hsv);
        PilOps.rgbToHsv(0, 255, 0, hsv); // h = (2/6) * 255 = 85
        assertArrayEquals(new int[] {85, 255, 255}, hsv);
        // red shifted by 0.5: hue byte += int(127.5) = 127 -> sector 2 (h*6/255 = 2.988), f = 0.988:
        // p = 0, t = round(255 * 0.988) = 252 -> (p, v, t) = (0, 255, 252)
        byte[] red = {(byte) 255, 0, 0};
        PilOps.hue(red, 0.5);
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 252}, red);
        // saturation 0 makes a colour gray: L24(255,0,0) = (255*19595 + 32768) >> 16 = 76
        byte[] r2 = {(byte) 255, 0, 0};
        PilOps.saturation(r2, 0f);
        assertArrayEquals(new byte[] {76, 76, 76}, r2);
    }
}
