package org.samtune.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;
import org.samtune.checkpoint.HostTensor;
import org.samtune.checkpoint.PthReader;
import org.samtune.checkpoint.StateDict;
import org.samtune.checkpoint.TensorType;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPreprocessor;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TinyViT against finetune-SAM's own TinyViT (fixture sam-tiny-vit_t, eval mode, random weights incl.
 * BatchNorm statistics): every stage output's top-left and bottom-right 8x8 corners (the latter inside
 * the zero-padded input and the padded attention windows) and per-channel means, the neck, and the
 * image embeddings of case_a. Tolerance 1e-4 (README: float32-vs-float64 noise ~8e-6 on the embeddings).
 */
class ImageEncoderTinyViTParityTest {
    private static final double TOL = 1e-4;
    private static NDManager manager;
    private static Sam sam;
    private static NDArray input;

    @BeforeAll
    static void load() throws IOException {
        manager = NDManager.newBaseManager();
        SamConfig cfg = SamConfig.fromJson(Fixtures.file("sam-tiny-vit_t/config.json"));
        sam = new Sam(cfg);
        ModelWeights.load(sam, PthReader.read(Fixtures.file("sam-tiny-vit_t/model.pth")), manager);
        RgbImage image = RgbImage.fromBufferedImage(ImageIO.read(Fixtures.file("sam-tiny-vit_t/image.png").toFile()));
        input = SamPreprocessor.of(cfg).prepare(manager, image);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static float maxAbs(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void everyStageMatchesFinetuneSamsTinyViT() {
        try (NDManager m = manager.newSubManager()) {
            NDList ref = Fixtures.npz(m, "sam-tiny-vit_t/encoder_intermediates.npz");
            Map<String, NDArray> got = sam.imageEncoder().forwardWithIntermediates(input);
            List<String> checked = new ArrayList<>();
            for (NDArray r : ref) {
                String key = r.getName();
                String stage = key.substring(0, key.lastIndexOf('_'));
                String part = key.substring(key.lastIndexOf('_') + 1);
                NDArray full = got.get(stage);
                assertTrue(full != null, "no intermediate " + stage);
                // B,C,H,W for patch_embed / layer0 blocks / neck; B,H,W,C token grids otherwise
                boolean bchw = stage.startsWith("patch_embed") || stage.startsWith("layer0_block") || stage.startsWith("neck");
                NDArray ours;
                if (part.equals("chmean")) {
                    NDArray channelsLast = bchw ? full.transpose(0, 2, 3, 1) : full;
                    long c = channelsLast.getShape().get(3);
                    ours = channelsLast.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).reshape(-1, c).mean(new int[] {0});
                } else {
                    long h = full.getShape().get(bchw ? 2 : 1), w = full.getShape().get(bchw ? 3 : 2);
                    String rows = part.equals("tl") ? "0:8" : (h - 8) + ":" + h;
                    String cols = part.equals("tl") ? "0:8" : (w - 8) + ":" + w;
                    ours = full.get(new NDIndex(bchw ? ":, :, " + rows + ", " + cols : ":, " + rows + ", " + cols + ", :"));
                }
                assertArrayEquals(r.getShape().getShape(), ours.getShape().getShape(), key);
                float d = maxAbs(r.toFloatArray(), ours.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
                assertTrue(d <= TOL, key + ": max |diff| " + d);
                checked.add(key);
            }
            assertEquals(36, checked.size(), "12 stages x (tl, br, chmean)");
            NDList a = Fixtures.npz(m, "sam-tiny-vit_t/case_a.npz");
            float d = maxAbs(a.get("image_embeddings").toFloatArray(), got.get("image_embeddings").toFloatArray());
            assertTrue(d <= TOL, "image embeddings: max |diff| " + d);
            got.values().forEach(NDArray::close);
        }
    }

    @Test
    void plainForwardEqualsTheIntermediatesRun() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(m);
            NDArray emb = sam.imageEncoder().forward(x);
            NDList a = Fixtures.npz(m, "sam-tiny-vit_t/case_a.npz");
            assertTrue(maxAbs(a.get("image_embeddings").toFloatArray(), emb.toFloatArray()) <= TOL);
        }
    }

    @Test
    void stateDictRoundTripsWithBatchNormBuffers() {
        StateDict file = PthReader.read(Fixtures.file("sam-tiny-vit_t/model.pth"));
        StateDict back = ModelWeights.export(sam);
        assertEquals(new ArrayList<>(file.tensors().keySet()), new ArrayList<>(back.tensors().keySet()));
        for (Map.Entry<String, HostTensor> e : file.tensors().entrySet()) {
            HostTensor ours = back.get(e.getKey());
            assertEquals(e.getValue().type(), ours.type(), e.getKey());
            assertArrayEquals(e.getValue().shape(), ours.shape(), e.getKey());
            assertEquals(e.getValue().bytes(), ours.bytes(), e.getKey());
        }
        HostTensor nbt = back.get("image_encoder.patch_embed.seq.0.bn.num_batches_tracked");
        assertEquals(TensorType.INT64, nbt.type());
        assertEquals(0, nbt.shape().length);
    }
}
