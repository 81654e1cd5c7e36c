package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.samtune.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole model of each preset enumerates exactly the state-dict entries (names, order and shapes)
 * of segment-anything's registry models, as listed in src/test/resources/keys/sam_vit_*.txt.
 */
class SamKeysTest {
    @ParameterizedTest
    @ValueSource(strings = {"vit_b", "vit_l", "vit_h"})
    void presetMatchesReferenceStateDict(String arch) throws IOException {
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.keys("sam_" + arch + ".txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            expected.add(f[0] + " " + f[1].replace(",)", ")"));
        }
        List<String> actual = new ArrayList<>();
        for (Map.Entry<String, Shape> e : new Sam(SamConfig.preset(arch)).namedShapes().entrySet()) {
            StringBuilder s = new StringBuilder("(");
            long[] dims = e.getValue().getShape();
            for (int i = 0; i < dims.length; i++) {
                s.append(i == 0 ? "" : ", ").append(dims[i]);
            }
            actual.add(e.getKey() + " " + s.append(")"));
        }
        assertEquals(expected, actual);
    }
}
