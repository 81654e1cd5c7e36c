package org.samtune.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java re-arrangement of the decoder's patch order puts every value at the pixel it belongs to. */
class UnpatchTest {
    @Test
    void patchOrderToRows() {
        int planes = 2, h = 3, w = 5;
        float[] patchOrder = new float[planes * 16 * h * w];
        // encode each value's destination: plane, row, column, by the documented patch order
        int src = 0;
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int i = 0; i < 2; i++) {
                        for (int j = 0; j < 2; j++) {
                            for (int k = 0; k < 2; k++) {
                                for (int l = 0; l < 2; l++) {
                                    int row = 4 * y + 2 * i + k;
                                    int col = 4 * x + 2 * j + l;
                                    patchOrder[src++] = p * 10000 + row * 100 + col;
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] rows = MaskDecoder.unpatch(java.nio.FloatBuffer.wrap(patchOrder), planes, h, w);
        for (int p = 0; p < planes; p++) {
            for (int r = 0; r < 4 * h; r++) {
                for (int c = 0; c < 4 * w; c++) {
                    assertEquals(p * 10000 + r * 100 + c, rows[(p * 4 * h + r) * 4 * w + c], 0f, p + "," + r + "," + c);
                }
            }
        }
    }
}
