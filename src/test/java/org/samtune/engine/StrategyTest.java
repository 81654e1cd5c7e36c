package org.samtune.engine;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The study's strategy syntax ARCH:METHOD:COMPONENTS. */
class StrategyTest {
    @Test
    void parsesTokensCaseInsensitively() {
        Strategy s = Strategy.parse(" ViT_B:LoRA:Encoder+Decoder ");
        assertEquals(new Strategy("vit_b", "lora", "encoder+decoder"), s);
        assertEquals("vit_b:lora:encoder+decoder", s.token());
        assertEquals("vit_b-lora-encoder_decoder", s.name());
        assertFalse(s.isBaseArch());
        Strategy b = Strategy.parse("base:adapter:decoder");
        assertTrue(b.isBaseArch());
        assertEquals("base-adapter-decoder", b.name());
        assertEquals(Strategy.ENCODER_DECODER, Strategy.parse("base:vanilla:both").components());
    }

    @Test
    void listKeepsOrder() {
        List<Strategy> l = Strategy.parseList("base:vanilla:decoder,base:lora:encoder+decoder, vit_b:adapter:decoder");
        assertEquals(List.of("base:vanilla:decoder", "base:lora:encoder+decoder", "vit_b:adapter:decoder"),
                l.stream().map(Strategy::token).toList());
    }

    @Test
    void allIsTheSixCombinationsOfTheBaseArchitecture() {
        List<Strategy> all = Strategy.parseList("all");
        assertEquals(6, all.size());
        assertEquals(6, new HashSet<>(all).size());
        Set<String> names = new HashSet<>();
        for (Strategy s : all) {
            assertTrue(s.isBaseArch(), s.token());
            names.add(s.name());
        }
        assertEquals(6, names.size(), "distinct output folders");
        for (String m : List.of("vanilla", "adapter", "lora")) {
            for (String c : List.of("decoder", "encoder+decoder")) {
                assertTrue(all.contains(new Strategy("base", m, c)), m + " " + c);
            }
        }
        assertEquals(all, Strategy.parseList(" ALL "));
    }

    private static String error(String list) {
        return assertThrows(IllegalArgumentException.class, () -> Strategy.parseList(list)).getMessage();
    }

    @Test
    void errorsNameTheBadToken() {
        String e = error("base:lora:decoder,vit_x:lora:decoder");
        assertTrue(e.contains("'vit_x:lora:decoder'") && e.contains("architecture 'vit_x'"), e);
        e = error("base:qlora:decoder");
        assertTrue(e.contains("'base:qlora:decoder'") && e.contains("method 'qlora'"), e);
        e = error("base:lora:encoder");
        assertTrue(e.contains("'base:lora:encoder'") && e.contains("components 'encoder'"), e);
        e = error("base:lora");
        assertTrue(e.contains("'base:lora'") && e.contains("ARCH:METHOD:COMPONENTS"), e);
        e = error("base:lora:decoder:x");
        assertTrue(e.contains("'base:lora:decoder:x'"), e);
        e = error("base:lora:decoder,BASE:LoRA:decoder");
        assertTrue(e.contains("'BASE:LoRA:decoder'") && e.contains("twice"), e);
        e = error("base:lora:decoder,,base:adapter:decoder");
        assertTrue(e.contains("empty"), e);
        e = error("all,base:lora:decoder");
        assertTrue(e.contains("'all'"), e);
        assertThrows(IllegalArgumentException.class, () -> Strategy.parseList(" "));
    }
}
