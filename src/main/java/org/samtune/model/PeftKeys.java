package org.samtune.model;

import java.util.regex.Pattern;

/**
 * finetune-SAM's state-dict names of the PEFT modules, and how a wrapped layer's names relate to the
 * plain SAM ones ({@code attn.qkv.weight} becomes {@code attn.qkv.qkv.weight}, {@code q_proj.bias}
 * becomes {@code q_proj.proj.bias}).
 */
public final class PeftKeys {
    private static final Pattern LORA_A = Pattern.compile(".*\\.(linear_a_q|linear_a_v|head_a_q|head_a_v|w_a)\\.weight$");
    private static final Pattern LORA_B = Pattern.compile(".*\\.(linear_b_q|linear_b_v|head_b_q|head_b_v|w_b)\\.weight$");
    private static final Pattern ENC_BASE = Pattern.compile("\\.attn\\.qkv\\.qkv\\.(weight|bias)$");
    private static final Pattern DEC_BASE = Pattern.compile("\\.([qv]_proj)\\.proj\\.(weight|bias)$");

    private PeftKeys() {}

    /** A LoRA down-projection A: (r, in). */
    public static boolean isLoraA(String key) {
        return LORA_A.matcher(key).matches();
    }

    /** A LoRA up-projection B: (out, r). */
    public static boolean isLoraB(String key) {
        return LORA_B.matcher(key).matches();
    }

    public static boolean isLoraKey(String key) {
        return isLoraA(key) || isLoraB(key);
    }

    /** Any tensor of an adapter (finetune-SAM's test: the name contains "Adapter"). */
    public static boolean isAdapterKey(String key) {
        return key.contains("Adapter");
    }

    /** A tensor that exists only in the PEFT model (not renamed from plain SAM). */
    public static boolean isPeftOnly(String key) {
        return isLoraKey(key) || isAdapterKey(key);
    }

    /**
     * The plain-SAM name of a PEFT model's tensor: the wrapped base layers lose their extra level
     * ({@code blocks.0.attn.qkv.qkv.weight -> blocks.0.attn.qkv.weight},
     * {@code self_attn.q_proj.proj.bias -> self_attn.q_proj.bias}); other base names are unchanged.
     * Null for tensors that exist only in the PEFT model.
     */
    public static String baseKey(String key) {
        if (isPeftOnly(key)) {
            return null;
        }
        String k = ENC_BASE.matcher(key).replaceFirst(".attn.qkv.$1");
        return DEC_BASE.matcher(k).replaceFirst(".$1.$2");
    }
}
