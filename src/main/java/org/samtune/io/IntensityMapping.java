package org.samtune.io;

import java.util.Locale;

/**
 * Turns a slice of voxel intensities (float, scl_slope/scl_inter already applied, so CT slices hold HU) into
 * 8-bit gray values for SAM. A mapping may need statistics of the whole volume (a percentile window): the slicer
 * calls {@link #forVolume} once per volume and maps that volume's slices with the mapping it returns.
 *
 * <p>Every mapping sends NaN to 0 and leaves NaN out of its statistics; -inf/+inf fall to the low/high end.
 * A slice with no finite value at all comes out black (the slicer warns about it).
 */
public interface IntensityMapping {

    /**
     * The mapping to use for the slices of one volume (x-fastest intensities). The default ignores the volume.
     * Mappings that need volume statistics take them here and return a bound copy; used without this step they
     * take their statistics from each slice instead.
     */
    default IntensityMapping forVolume(float[] volume) {
        return this;
    }

    /** Maps a slice (any layout; the output has the same layout) to 8 bit: element i of the result, read as
     *  unsigned, is the gray value of slice element i. */
    byte[] toUint8(float[] slice);

    /** finetune-SAM's 3-D notebook: per-slice min-max, truncated to uint8 (the default); see {@link SliceMinMaxMapping}. */
    static IntensityMapping sliceMinMax() {
        return new SliceMinMaxMapping();
    }

    /** Volume-wide min-max to 0..255, rounded to nearest (see {@link WindowMapping}). */
    static IntensityMapping volumeMinMax() {
        return new VolumePercentileMapping(0, 100);
    }

    /**
     * Volume-wide percentile clipping: the {@code lowPercent} and {@code highPercent} percentiles (numpy's default
     * linear interpolation, NaN left out) become 0 and 255, values outside are clipped; rounded to nearest.
     */
    static IntensityMapping volumePercentile(double lowPercent, double highPercent) {
        return new VolumePercentileMapping(lowPercent, highPercent);
    }

    /** Percentile clipping 0.5 .. 99.5 per volume, a common MR setting (MedSAM's MR preprocessing). */
    static IntensityMapping mrPercentile() {
        return volumePercentile(0.5, 99.5);
    }

    /** A fixed window of width {@code width} centred on {@code level}: [level - width/2, level + width/2] -> 0..255. */
    static IntensityMapping window(double width, double level) {
        return WindowMapping.ofWidthLevel(width, level);
    }

    /** A CT window preset applied to HU values. */
    static IntensityMapping ct(CtWindow preset) {
        return preset.mapping();
    }

    /**
     * Parses a mapping name: {@code slice-minmax} (finetune-SAM, default), {@code volume-minmax},
     * {@code percentile} (0.5..99.5) or {@code percentile:LOW,HIGH}, {@code ct:soft-tissue|lung|bone|brain},
     * {@code window:WIDTH,LEVEL}.
     */
    static IntensityMapping parse(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon);
        String arg = colon < 0 ? "" : s.substring(colon + 1).strip();
        try {
            switch (head) {
                case "slice-minmax": case "finetune-sam":
                    return sliceMinMax();
                case "volume-minmax":
                    return volumeMinMax();
                case "percentile":
                    if (arg.isEmpty()) {
                        return mrPercentile();
                    }
                    double[] p = twoNumbers(arg);
                    return volumePercentile(p[0], p[1]);
                case "ct":
                    return ct(CtWindow.parse(arg));
                case "window":
                    double[] wl = twoNumbers(arg);
                    return window(wl[0], wl[1]);
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad intensity mapping \"" + spec + "\": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown intensity mapping \"" + spec + "\" (slice-minmax, volume-minmax, "
                + "percentile[:LOW,HIGH], ct:soft-tissue|lung|bone|brain, window:WIDTH,LEVEL)");
    }

    private static double[] twoNumbers(String arg) {
        String[] parts = arg.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected two numbers separated by a comma, got \"" + arg + "\"");
        }
        return new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
    }
}
