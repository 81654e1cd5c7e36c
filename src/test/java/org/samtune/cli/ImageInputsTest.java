package org.samtune.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Image kinds a Fiji user has: 8/16/32-bit gray, NaN pixels, RGB, stacks, tiny and empty files. A
 * 16-bit or float image whose min-max scaling reproduces an 8-bit image must segment exactly like it.
 */
class ImageInputsTest {
    @TempDir
    static Path tmp;
    static byte[] gray8;
    static final int W = 75;
    static final int H = 100;

    @BeforeAll
    static void grayReference() {
        ImagePlus rgb = IJ.openImage(Fixtures.file("sam-tiny/image.png").toString());
        ByteProcessor bp = rgb.getProcessor().convertToByteProcessor(false);
        gray8 = (byte[]) bp.getPixels();
        gray8[0] = 0; // pin the range so min-max scaling of the wider types maps back exactly
        gray8[1] = (byte) 255;
        gray8[2] = 0; // the NaN pixel of the float image maps to 0
        IJ.saveAsTiff(new ImagePlus("g8", new ByteProcessor(W, H, gray8)), tmp.resolve("g8.tif").toString());
    }

    static NDList segment(Path image, Path npz) {
        return segment(image, npz, "15,20,60,85");
    }

    static NDList segment(Path image, Path npz, String box) {
        CliRun r = CliRun.of("segment", "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(),
                "--config", Fixtures.file("sam-tiny/config.json").toString(), "--image", image.toString(),
                "--box", box, "--save-logits", npz.toString(), "--threads", "1");
        assertEquals(0, r.exitCode, r.toString());
        try (InputStream in = Files.newInputStream(npz)) {
            return NDList.decode(NDManager.newBaseManager(), in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sixteenAndThirtyTwoBitScaleLikeEightBit() {
        short[] s16 = new short[W * H];
        float[] f32 = new float[W * H];
        for (int i = 0; i < s16.length; i++) {
            int v = gray8[i] & 0xff;
            s16[i] = (short) (1000 + v * 200); // min 1000, max 52000: min-max gives v back exactly
            f32[i] = -3.5f + v * 0.25f;
        }
        f32[2] = Float.NaN;
        IJ.saveAsTiff(new ImagePlus("g16", new ShortProcessor(W, H, s16, null)), tmp.resolve("g16.tif").toString());
        IJ.saveAsTiff(new ImagePlus("g32", new FloatProcessor(W, H, f32)), tmp.resolve("g32.tif").toString());
        float[] ref = segment(tmp.resolve("g8.tif"), tmp.resolve("g8.npz")).get("low_res_logits").toFloatArray();
        assertArrayEquals(ref, segment(tmp.resolve("g16.tif"), tmp.resolve("g16.npz")).get("low_res_logits").toFloatArray(), 0f);
        assertArrayEquals(ref, segment(tmp.resolve("g32.tif"), tmp.resolve("g32.npz")).get("low_res_logits").toFloatArray(), 0f);
    }

    @Test
    void stackIsRefusedWithPerSliceAdvice() {
        ImageStack st = new ImageStack(W, H);
        st.addSlice(new ByteProcessor(W, H, gray8));
        st.addSlice(new ByteProcessor(W, H, gray8.clone()));
        Path stack = tmp.resolve("stack.tif");
        IJ.saveAsTiff(new ImagePlus("st", st), stack.toString());
        Path out = tmp.resolve("stack-mask.png");
        CliRun r = CliRun.of("segment", "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(),
                "--config", Fixtures.file("sam-tiny/config.json").toString(), "--image", stack.toString(),
                "--box", "15,20,60,85", "--output", out.toString());
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains("stack") && r.err.contains("slice"), r.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void onePixelImageSegments() throws Exception {
        Path one = tmp.resolve("one.tif");
        IJ.saveAsTiff(new ImagePlus("one", new ByteProcessor(1, 1, new byte[] {(byte) 200})), one.toString());
        NDList out = segment(one, tmp.resolve("one.npz"), "0,0,1,1");
        assertArrayEquals(new long[] {1, 1, 1, 1}, out.get("upscaled_logits").getShape().getShape());
    }

    @Test
    void emptyFileIsRefusedByName() throws Exception {
        Path empty = tmp.resolve("empty.png");
        Files.write(empty, new byte[0]);
        CliRun r = CliRun.of("segment", "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(),
                "--config", Fixtures.file("sam-tiny/config.json").toString(), "--image", empty.toString(), "--box", "0,0,1,1");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains("empty.png"), r.err);
    }
}
