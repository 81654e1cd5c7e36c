package org.samtune.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One fine-tuning strategy of a study, written {@code ARCH:METHOD:COMPONENTS} (e.g. {@code vit_b:lora:encoder+decoder},
 * {@code base:adapter:decoder}). ARCH is {@value #BASE} (the base checkpoint's or --config's architecture) or a
 * preset (vit_b, vit_l, vit_h); METHOD is vanilla, adapter or lora; COMPONENTS is decoder or encoder+decoder.
 * Tokens are case-insensitive and stored in lower case.
 */
public record Strategy(String arch, String method, String components) {
    public static final String BASE = "base";
    public static final List<String> ARCHS = List.of(BASE, "vit_b", "vit_l", "vit_h", "vit_t");
    public static final List<String> METHODS = List.of("vanilla", "adapter", "lora");
    public static final String DECODER = "decoder";
    public static final String ENCODER_DECODER = "encoder+decoder";
    public static final List<String> COMPONENTS = List.of(DECODER, ENCODER_DECODER);

    public Strategy {
        if (!ARCHS.contains(arch)) {
            throw new IllegalArgumentException("architecture '" + arch + "': use " + String.join(", ", ARCHS));
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method '" + method + "': use " + String.join(", ", METHODS));
        }
        if (!COMPONENTS.contains(components)) {
            throw new IllegalArgumentException("components '" + components + "': use " + String.join(" or ", COMPONENTS));
        }
    }

    /** Whether ARCH is {@value #BASE}: the architecture of the study's checkpoint or config. */
    public boolean isBaseArch() {
        return arch.equals(BASE);
    }

    /** The {@code ARCH:METHOD:COMPONENTS} text. */
    public String token() {
        return arch + ":" + method + ":" + components;
    }

    /**
     * A file- and model-name-safe form ({@code [A-Za-z0-9._-]}): {@code ARCH-METHOD-COMPONENTS} with '+' as '_',
     * e.g. {@code vit_b-lora-encoder_decoder}. Distinct strategies get distinct names.
     */
    public String name() {
        return arch + "-" + method + "-" + components.replace('+', '_');
    }

    @Override
    public String toString() {
        return token();
    }

    /** Parses one {@code ARCH:METHOD:COMPONENTS} token; errors quote the token and name the bad part. */
    public static Strategy parse(String token) {
        String t = token.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        String[] parts = t.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("strategy '" + token.strip() + "': expected ARCH:METHOD:COMPONENTS, e.g. "
                    + "base:lora:encoder+decoder");
        }
        String comps = parts[2].equals("both") ? ENCODER_DECODER : parts[2];
        try {
            return new Strategy(parts[0], parts[1], comps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strategy '" + token.strip() + "': " + e.getMessage());
        }
    }

    /**
     * A comma-separated list of strategies, or {@code all}: the {@link #all 6} method x component combinations of
     * the base architecture. Duplicates are an error (they would share an output folder).
     */
    public static List<Strategy> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("give at least one strategy (ARCH:METHOD:COMPONENTS, comma-separated) or 'all'");
        }
        if (list.strip().equalsIgnoreCase("all")) {
            return all(BASE);
        }
        Set<Strategy> out = new LinkedHashSet<>();
        for (String token : list.split(",")) {
            if (token.isBlank()) {
                throw new IllegalArgumentException("strategy list '" + list + "' has an empty entry");
            }
            if (token.strip().equalsIgnoreCase("all")) {
                throw new IllegalArgumentException("strategy 'all' stands alone: it cannot be combined with others");
            }
            Strategy s = parse(token);
            if (!out.add(s)) {
                throw new IllegalArgumentException("strategy '" + token.strip() + "' is listed twice");
            }
        }
        return new ArrayList<>(out);
    }

    /** The 6 combinations of method (vanilla, adapter, lora) and components (decoder, encoder+decoder) for {@code arch}. */
    public static List<Strategy> all(String arch) {
        List<Strategy> out = new ArrayList<>();
        for (String m : METHODS) {
            for (String c : COMPONENTS) {
                out.add(new Strategy(arch, m, c));
            }
        }
        return out;
    }
}
