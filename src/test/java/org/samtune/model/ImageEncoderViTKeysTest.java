package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The encoder's state-dict names and shapes, in order, against the real vit_b/l/h checkpoints' image_encoder.* keys. */
class ImageEncoderViTKeysTest {
    private static final String PREFIX = "image_encoder.";

    @Test
    void vitB() throws IOException {
        check("vit_b");
    }

    @Test
    void vitL() throws IOException {
        check("vit_l");
    }

    @Test
    void vitH() throws IOException {
        check("vit_h");
    }

    private static void check(String arch) throws IOException {
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.keys("sam_" + arch + ".txt"))) {
            if (line.startsWith("#") || !line.startsWith(PREFIX)) {
                continue;
            }
            String[] f = line.split("\t");
            expected.add(f[0].substring(PREFIX.length()) + " " + f[1]);
        }
        List<String> actual = new ArrayList<>();
        for (Map.Entry<String, Shape> e : new ImageEncoderViT(SamConfig.preset(arch)).namedShapes().entrySet()) {
            actual.add(e.getKey() + " " + torchShape(e.getValue()));
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    /** Python's tuple repr: (768,) or (1, 64, 64, 768). */
    private static String torchShape(Shape s) {
        long[] d = s.getShape();
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < d.length; i++) {
            b.append(i == 0 ? "" : ", ").append(d[i]);
        }
        return b.append(d.length == 1 ? ",)" : ")").toString();
    }
}
