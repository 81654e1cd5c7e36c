package org.samtune.cli;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The documented command line, end to end, against the sam-tiny reference cases. */
class SegmentCommandTest {
    @TempDir
    Path tmp;

    static String[] base(String... extra) {
        String[] head = {"segment", "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(),
            "--config", Fixtures.file("sam-tiny/config.json").toString(),
            "--image", Fixtures.file("sam-tiny/image.png").toString(), "--threads", "1", "--device", "cpu"};
        String[] all = new String[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        return all;
    }

    static float maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** Compares the saved npz and the written mask with a reference case. */
    void assertMatchesCase(String caseName, Path npz, Path mask) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); InputStream in = Files.newInputStream(npz)) {
            NDList ours = NDList.decode(m, in);
            NDList ref = Fixtures.npz(m, "sam-tiny/" + caseName + ".npz");
            for (String key : new String[] {"low_res_logits", "iou_predictions", "upscaled_logits", "image_embeddings"}) {
                assertEquals(ref.get(key).getShape(), ours.get(key).getShape(), key + " shape");
                assertTrue(maxAbs(ref.get(key).toFloatArray(), ours.get(key).toFloatArray()) <= 1e-4, key);
            }
            assertNotNull(ours.get("masks"));
            if (mask != null) {
                // the PNG holds the best mask by predicted IoU, as 0/255
                float[] iou = ref.get("iou_predictions").toFloatArray();
                int best = 0;
                for (int i = 1; i < iou.length; i++) {
                    best = iou[i] > iou[best] ? i : best;
                }
                float[] logits = ref.get("upscaled_logits").toFloatArray();
                BufferedImage png = ImageIO.read(mask.toFile());
                int w = png.getWidth(), h = png.getHeight();
                assertEquals(75, w);
                assertEquals(100, h);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float logit = logits[best * w * h + y * w + x];
                        int v = png.getRaster().getSample(x, y, 0);
                        if (Math.abs(logit) >= 1e-4) {
                            assertEquals(logit > 0 ? 255 : 0, v, "mask pixel " + x + "," + y);
                        }
                    }
                }
            }
        }
    }

    @Test
    void boxPromptWritesMaskAndLogits() throws Exception {
        Path mask = tmp.resolve("mask.png");
        Path npz = tmp.resolve("out.npz");
        CliRun r = CliRun.of(base("--box", "15,20,60,85", "--output", mask.toString(), "--save-logits", npz.toString()));
        assertEquals(0, r.exitCode, r.toString());
        assertMatchesCase("case_c", npz, mask);
        assertTrue(r.out.contains("object 1"), r.out);
    }

    @Test
    void pointsWithMultimask() throws Exception {
        Path npz = tmp.resolve("a.npz");
        Path mask = tmp.resolve("a.tif");
        CliRun r = CliRun.of(base("--point", "40,55", "--multimask", "--save-logits", npz.toString(), "--output", mask.toString()));
        assertEquals(0, r.exitCode, r.toString());
        assertMatchesCase("case_a", npz, null);
        assertTrue(Files.size(mask) > 0);
        CliRun b = CliRun.of(base("--point", "40,55,1", "--point", "20,30,0", "--save-logits", tmp.resolve("b.npz").toString()));
        assertEquals(0, b.exitCode, b.toString());
        assertMatchesCase("case_b", tmp.resolve("b.npz"), null);
    }

    @Test
    void maskInputFromNpy() throws Exception {
        Path npy = tmp.resolve("mask_input.npy");
        try (NDManager m = NDManager.newBaseManager()) {
            writeNpy(npy, Fixtures.npz(m, "sam-tiny/case_e.npz").get("mask_input").toFloatArray(), 1, 1, 32, 32);
        }
        Path npz = tmp.resolve("e.npz");
        CliRun r = CliRun.of(base("--point", "40,55,1", "--point", "20,30,0", "--mask-input", npy.toString(),
                "--save-logits", npz.toString()));
        assertEquals(0, r.exitCode, r.toString());
        assertMatchesCase("case_e", npz, null);
    }

    @Test
    void badPromptsFailCleanlyWithoutOutput() {
        Path mask = tmp.resolve("never.png");
        String[][] cases = {
            {"--point", "500,55", "outside"},
            {"--box", "60,20,15,85", "reversed"},
            {"--box", "15,20,15,85", "empty"},
            {"--point", "abc,1", "not a number"},
            {"--point", "1,2,7", "label"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of(base(c[0], c[1], "--output", mask.toString()));
            assertNotEquals(0, r.exitCode, r.toString());
            assertTrue(r.err.contains(c[2]), c[2] + " expected in: " + r.err);
            String[] lines = r.err.strip().split("\n");
            String last = lines[lines.length - 1];
            assertTrue(last.startsWith("samtune segment: ") && last.contains(c[2]), "one-line reason last: " + r.err);
            assertFalse(Files.exists(mask), "no partial output");
        }
    }

    @Test
    void checkpointProblemsNameTheFile() throws Exception {
        Path truncated = tmp.resolve("truncated.pth");
        byte[] full = Files.readAllBytes(Fixtures.file("sam-tiny/model.pth"));
        Files.write(truncated, java.util.Arrays.copyOf(full, full.length / 2));
        CliRun r = CliRun.of("segment", "--checkpoint", truncated.toString(), "--arch", "vit_b",
                "--image", Fixtures.file("sam-tiny/image.png").toString(), "--box", "1,1,5,5", "--threads", "1");
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.err.contains("truncated.pth"), r.err);

        CliRun wrongArch = CliRun.of("segment", "--checkpoint", Fixtures.file("sam-tiny/model.pth").toString(), "--arch", "vit_b",
                "--image", Fixtures.file("sam-tiny/image.png").toString(), "--box", "1,1,5,5", "--threads", "1");
        assertEquals(1, wrongArch.exitCode, wrongArch.toString());
        assertTrue(wrongArch.err.contains("does not match") && wrongArch.err.contains("model.pth"), wrongArch.err);

        Path text = tmp.resolve("notes.pth");
        Files.writeString(text, "not a checkpoint", StandardCharsets.UTF_8);
        CliRun notCkpt = CliRun.of("segment", "--checkpoint", text.toString(),
                "--image", Fixtures.file("sam-tiny/image.png").toString(), "--box", "1,1,5,5");
        assertEquals(1, notCkpt.exitCode, notCkpt.toString());
        assertTrue(notCkpt.err.contains("notes.pth"), notCkpt.err);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        CliRun r = CliRun.of("segment", "--image", "x.png");
        assertEquals(2, r.exitCode, r.toString());
        assertTrue(r.err.contains("--checkpoint"), r.err);
    }

    /** A minimal .npy (version 1.0, little-endian float32, C order). */
    static void writeNpy(Path file, float[] data, long... shape) throws Exception {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims.toString().replaceAll(", $", shape.length == 1 ? "," : "") + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(10 + header.length() + data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        bb.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float f : data) {
            bb.putFloat(f);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bb.array());
        }
    }
}
