package org.samtune.io;

import java.util.Locale;

/** Common CT display windows (width / level in HU), as in radiology viewers and MedSAM's CT preprocessing. */
public enum CtWindow {
    SOFT_TISSUE(400, 40),
    LUNG(1500, -600),
    BONE(1800, 400),
    BRAIN(80, 40);

    public final double width;
    public final double level;

    CtWindow(double width, double level) {
        this.width = width;
        this.level = level;
    }

    /** [level - width/2, level + width/2] HU -> 0..255, see {@link WindowMapping}; its spec is {@link #spec()}. */
    public IntensityMapping mapping() {
        return new WindowMapping(level - width / 2, level + width / 2, spec());
    }

    /** ct:soft-tissue, ct:lung, ct:bone, ct:brain. */
    public String spec() {
        return "ct:" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "soft-tissue" (or "abdomen"), "lung", "bone", "brain"; any case, '_' or '-'. */
    public static CtWindow parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (n) {
            case "soft-tissue": case "softtissue": case "soft": case "abdomen": return SOFT_TISSUE;
            case "lung": return LUNG;
            case "bone": return BONE;
            case "brain": return BRAIN;
            default: throw new IllegalArgumentException("unknown CT window \"" + name
                    + "\" (soft-tissue W400/L40, lung W1500/L-600, bone W1800/L400, brain W80/L40)");
        }
    }
}
