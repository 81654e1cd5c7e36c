package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.samtune.Fixtures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The prompt encoder and mask decoder enumerate exactly the state-dict entries of the real SAM checkpoints. */
class DecoderKeysTest {

    /** "key (shape)" lines of the keys file under {@code prefix}, prefix removed, in file order. */
    private static List<String> expected(String arch, String prefix) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.keys("sam_" + arch + ".txt"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#") || !line.startsWith(prefix)) {
                continue;
            }
            String[] f = line.split("\t");
            out.add(f[0].substring(prefix.length()) + " " + f[1].replace(",)", ")"));
        }
        return out;
    }

    private static List<String> actual(SamBlock block) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Shape> e : block.namedShapes().entrySet()) {
            StringBuilder s = new StringBuilder("(");
            long[] dims = e.getValue().getShape();
            for (int i = 0; i < dims.length; i++) {
                s.append(i == 0 ? "" : ", ").append(dims[i]);
            }
            out.add(e.getKey() + " " + s.append(')'));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> promptEncoderAndMaskDecoderKeys() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String arch : new String[] {"vit_b", "vit_l", "vit_h"}) {
            tests.add(DynamicTest.dynamicTest(arch, () -> check(arch)));
        }
        return tests;
    }

    private static void check(String arch) throws IOException {
        SamConfig cfg = SamConfig.preset(arch);
        List<String> pe = expected(arch, "prompt_encoder.");
        List<String> md = expected(arch, "mask_decoder.");
        assertEquals(17, pe.size());
        assertEquals(pe, actual(new PromptEncoder(cfg)));
        assertEquals(md, actual(new MaskDecoder(cfg)));
    }
}
