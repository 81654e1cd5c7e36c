package org.samtune.predict;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** PilResize must reproduce Pillow's Image.resize(BILINEAR) on uint8 RGB byte for byte. */
class PilResizeTest {
    private static final Path PIL_REFS = Paths.get("src/test/resources/pil");

    static RgbImage readPng(Path p) throws IOException {
        return RgbImage.fromBufferedImage(ImageIO.read(p.toFile()));
    }

    static RgbImage fromNpz(NDList list, String key) {
        long[] s = list.get(key).getShape().getShape(); // (H, W, 3) uint8
        assertEquals(3, s[2]);
        return new RgbImage((int) s[1], (int) s[0], list.get(key).toByteArray());
    }

    /** Largest |difference| between two images of the same size (0 = identical). */
    static int maxDiff(RgbImage a, RgbImage b) {
        assertEquals(a.width(), b.width(), "width");
        assertEquals(a.height(), b.height(), "height");
        int max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs((a.data()[i] & 0xFF) - (b.data()[i] & 0xFF)));
        }
        return max;
    }

    @Test
    void enlargesLikeSamFixture() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/preprocess.npz");
            RgbImage image = readPng(Fixtures.file("sam-tiny/image.png"));
            assertEquals(fromNpz(npz, "image"), image, "PNG and npz image must agree");
            RgbImage resized = PilResize.bilinear(image, 96, 128);
            assertEquals(0, maxDiff(fromNpz(npz, "resized_image"), resized));
        }
    }

    @Test
    void shrinksLikeSamFixtureWithAntialiasing() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/preprocess_g.npz");
            RgbImage image = readPng(Fixtures.file("sam-tiny/image_g.png"));
            assertEquals(fromNpz(npz, "image"), image, "PNG and npz image must agree");
            RgbImage resized = PilResize.bilinear(image, 90, 128);
            assertEquals(0, maxDiff(fromNpz(npz, "resized_image"), resized));
        }
    }

    @Test
    void stretchesLikeFinetuneSamFixture() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny/case_f_fsam.npz");
            RgbImage image = readPng(Fixtures.file("sam-tiny/image.png"));
            assertEquals(0, maxDiff(fromNpz(npz, "resized_image"), PilResize.bilinear(image, 128, 128)));
        }
    }

    /** vit_t fixture: 120x90 enlarged to 1024x768 (corner crops and channel sums of the reference). */
    @Test
    void enlargesLikeVitTFixture() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList npz = Fixtures.npz(m, "sam-tiny-vit_t/preprocess_crops.npz");
            RgbImage image = fromNpz(npz, "image");
            int[] hw = ResizeLongestSide.getPreprocessShape(image.height(), image.width(), 1024);
            RgbImage resized = PilResize.bilinear(image, hw[1], hw[0]);
            assertEquals(768, resized.height());
            assertEquals(1024, resized.width());
            RgbImage tl = fromNpz(npz, "resized_image_tl");
            RgbImage br = fromNpz(npz, "resized_image_br");
            assertEquals(0, maxDiff(tl, crop(resized, 0, 0, 16, 16)));
            assertEquals(0, maxDiff(br, crop(resized, 1024 - 16, 768 - 16, 16, 16)));
            long[] sums = new long[3];
            for (int i = 0; i < resized.data().length; i++) {
                sums[i % 3] += resized.data()[i] & 0xFF;
            }
            assertArrayEquals(npz.get("resized_image_channel_sum").toLongArray(), sums);
        }
    }

    /** Cases written by src/test/python/make_pil_resize_refs.py with Pillow (see cases.txt). */
    @Test
    void matchesPillowOnSyntheticCases() throws Exception {
        List<String> lines = Files.readAllLines(PIL_REFS.resolve("cases.txt"), StandardCharsets.UTF_8);
        int checked = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String name = f[0];
            int sw = Integer.parseInt(f[1]);
            int sh = Integer.parseInt(f[2]);
            int dw = Integer.parseInt(f[3]);
            int dh = Integer.parseInt(f[4]);
            RgbImage src = sourceImage(sw, sh);
            assertEquals(f[6], sha256(src.data()), name + ": Java copy of the source formula differs from Python's");
            RgbImage out = PilResize.bilinear(src, dw, dh);
            assertEquals(dw, out.width(), name);
            assertEquals(dh, out.height(), name);
            Path whole = PIL_REFS.resolve(name + ".png");
            if (Files.exists(whole)) {
                assertEquals(0, maxDiff(readPng(whole), out), name);
            } else {
                RgbImage crop = readPng(PIL_REFS.resolve(name + "_crop.png"));
                assertEquals(0, maxDiff(crop, crop(out, 0, 0, crop.width(), crop.height())), name + " crop");
            }
            assertEquals(f[5], sha256(out.data()), name + ": result bytes differ from Pillow's");
            checked++;
        }
        assertEquals(10, checked);
    }

    @Test
    void sameSizeIsACopy() {
        RgbImage src = sourceImage(31, 17);
        RgbImage out = PilResize.bilinear(src, 31, 17);
        assertNotSame(src.data(), out.data());
        assertEquals(src, out);
    }

    static RgbImage crop(RgbImage img, int x0, int y0, int w, int h) {
        RgbImage out = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.data(), ((y0 + y) * img.width() + x0) * 3, out.data(), y * w * 3, w * 3);
        }
        return out;
    }

    /** Same formula as source_image in src/test/python/make_pil_resize_refs.py. */
    static RgbImage sourceImage(int w, int h) {
        RgbImage img = new RgbImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, 0, (int) ((long) x * 255 / Math.max(w - 1, 1)));
                long hash = (((long) x * 73856093L) ^ ((long) y * 19349663L)) & 0xFFFFFFFFL;
                hash = (hash * 2654435761L) & 0xFFFFFFFFL;
                img.set(x, y, 1, (int) (hash >>> 24));
                boolean checker = ((x / 3 + y / 2) % 2) == 0;
                img.set(x, y, 2, checker ? 255 : (int) ((long) y * 255 / Math.max(h - 1, 1)));
            }
        }
        return img;
    }

    static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
