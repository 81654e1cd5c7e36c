package org.samtune.bench;

import org.junit.jupiter.api.Test;
import org.samtune.model.SamConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EncoderFlopsTest {

    /**
     * vit_b at 1024²: 64 × 64 tokens, d = 768. Global blocks 2, 5, 8, 11: 2 · 4096² · 768 multiply-adds
     * each; the 8 windowed blocks: the grid padded to 70 → 5 × 5 windows of 196 tokens, 2 · 25 · 196² · 768.
     */
    @Test
    void vitBAttentionProductsByHand() {
        double global = 4 * 2.0 * 4096 * 4096 * 768;
        double windowed = 8 * 2.0 * 25 * 196 * 196 * 768;
        assertEquals(2 * (global + windowed), EncoderFlops.attentionProductFlops(SamConfig.preset("vit_b")), 1.0);
    }

    /**
     * MobileSAM (vit_t) at 1024²: attention stages at 128², 64², 64² tokens, windows 7, 14, 7 (zero-padded
     * to 133 → 19², 70 → 5², 70 → 10² windows), widths 128, 160, 320, depths 2, 6, 2.
     */
    @Test
    void vitTAttentionProductsByHand() {
        double stage1 = 2 * 2.0 * 361 * 49 * 49 * 128;
        double stage2 = 6 * 2.0 * 25 * 196 * 196 * 160;
        double stage3 = 2 * 2.0 * 100 * 49 * 49 * 320;
        assertEquals(2 * (stage1 + stage2 + stage3), EncoderFlops.attentionProductFlops(SamConfig.preset("vit_t")), 1.0);
        assertEquals(5_190_155_264.0, 2 * (stage1 + stage2 + stage3), 1.0);
    }

    /** The whole-encoder count the benchmark prints (941.7 GFLOP for vit_b) is unchanged by the split. */
    @Test
    void vitBEncoderTotal() {
        assertEquals(941.7e9, EncoderFlops.encoderFlops(SamConfig.preset("vit_b")), 0.05e9);
    }
}
