package org.samtune.io;

import java.util.Locale;

import org.samtune.predict.RgbImage;

/**
 * How image intensities become the 8-bit gray values SAM sees: the one intensity concept shared by segment,
 * fine-tune and evaluate (command line, Fiji dialogs and macros, and the {@code samtune_intensity} entry a
 * fine-tuning run records in its {@code sam_config.json}). Every mapping has a textual {@link #spec()} that
 * {@link #parse} reads back:
 * <ul>
 *   <li>{@code auto} (the default): 2-D images: 8-bit as is, 16/32-bit min-max of the image; volumes:
 *       finetune-SAM's per-slice min-max ({@code slice-minmax});</li>
 *   <li>{@code asis}: the value itself, rounded half up and clamped to 0..255;</li>
 *   <li>{@code minmax}: min..max of the image, or of the whole volume when a volume is given, to 0..255;</li>
 *   <li>{@code slice-minmax}: finetune-SAM's 3-D notebook, per slice (see {@link SliceMinMaxMapping});</li>
 *   <li>{@code percentile:LO,HI} (e.g. {@code percentile:0.5,99.5}; {@code percentile} and {@code mr} mean
 *       0.5..99.5, MedSAM's MR clipping): the LO-th and HI-th percentiles (numpy's linear method) of the image,
 *       or of the whole volume when a volume is given, to 0..255, clipped outside;</li>
 *   <li>{@code window:LO,HI}: a fixed window (CT in HU after the NIfTI scl_slope/scl_inter);</li>
 *   <li>{@code ct:PRESET}: a CT window, {@link CtWindow}: soft-tissue (W400 L40 = -160..240 HU), lung (W1500
 *       L-600 = -1350..150), bone (W1800 L400 = -500..1300), brain (W80 L40 = 0..80).</li>
 * </ul>
 *
 * <p><b>Statistics scope.</b> {@link #toUint8}/{@link #toRgb} take their statistics (min, max, percentiles) from
 * the values they are given: one 2-D image or plane. Volume readers call {@link #forVolume} once per volume and
 * map its slices with the bound mapping it returns, so {@code minmax} and {@code percentile} use the statistics of
 * the whole volume; {@code slice-minmax} stays per slice (after finetune-SAM's volume rescaling).
 *
 * <p>Windowed mappings send a value v to {@code clamp(floor((v - lo) / (hi - lo) * 255 + 0.5), 0, 255)} in
 * double (round half up). Every mapping sends NaN to 0 and leaves NaN (and +-inf for min-max) out of its
 * statistics; -inf/+inf fall to the low/high end. A window with hi &lt;= lo (a constant image) maps every value
 * to 0. Gray values are replicated to R, G and B.
 */
public interface IntensityMapping {

    /** The text {@link #parse} turns back into this mapping, e.g. {@code ct:soft-tissue}. */
    String spec();

    /**
     * The mapping to use for the slices of one volume (x-fastest intensities). The default ignores the volume.
     * Mappings that need volume statistics take them here and return a bound copy; used without this step they
     * take their statistics from each slice instead.
     */
    default IntensityMapping forVolume(float[] volume) {
        return this;
    }

    /** The mapping for a 2-D image of this bit depth (8, 16, 32); only {@code auto} depends on it. */
    default IntensityMapping forBitDepth(int bitDepth) {
        return this;
    }

    /** Maps values (any layout; the output has the same layout) to 8 bit: element i of the result, read as
     *  unsigned, is the gray value of element i. */
    byte[] toUint8(float[] values);

    /** A row-major float plane (NaN allowed) as gray RGB. */
    default RgbImage toRgb(float[] gray, int width, int height) {
        checkLength(gray.length, width, height);
        return RgbImage.fromGray(width, height, toUint8(gray));
    }

    /** An unsigned 16-bit plane (ImageJ's type) as gray RGB. */
    default RgbImage toRgb(short[] gray, int width, int height) {
        float[] f = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            f[i] = gray[i] & 0xFFFF; // exact in float
        }
        return toRgb(f, width, height);
    }

    /** An unsigned 8-bit plane (ImageJ's type) as gray RGB. */
    default RgbImage toRgb(byte[] gray, int width, int height) {
        float[] f = new float[gray.length];
        for (int i = 0; i < gray.length; i++) {
            f[i] = gray[i] & 0xFF;
        }
        return toRgb(f, width, height);
    }

    // ---- the mappings -------------------------------------------------------------------------------

    /** 8-bit as is, 16/32-bit per-image min-max; volumes: finetune-SAM's per-slice min-max. */
    static IntensityMapping auto() {
        return AutoMapping.INSTANCE;
    }

    /** Values used directly (rounded half up, clamped to 0..255). */
    static IntensityMapping asIs() {
        return AsIsMapping.INSTANCE;
    }

    /** Min..max of the image (of the volume after {@link #forVolume}) to 0..255, rounded to nearest. */
    static IntensityMapping minMax() {
        return new VolumePercentileMapping(0, 100);
    }

    /** Same as {@link #minMax()}; the name says that volumes use the volume's range. */
    static IntensityMapping volumeMinMax() {
        return minMax();
    }

    /** finetune-SAM's 3-D notebook: per-slice min-max, truncated to uint8; see {@link SliceMinMaxMapping}. */
    static IntensityMapping sliceMinMax() {
        return new SliceMinMaxMapping();
    }

    /**
     * Percentile clipping: the {@code lowPercent} and {@code highPercent} percentiles (numpy's default linear
     * interpolation, NaN left out) become 0 and 255, values outside are clipped; rounded to nearest.
     */
    static IntensityMapping percentile(double lowPercent, double highPercent) {
        return new VolumePercentileMapping(lowPercent, highPercent);
    }

    /** Same as {@link #percentile}. */
    static IntensityMapping volumePercentile(double lowPercent, double highPercent) {
        return percentile(lowPercent, highPercent);
    }

    /** Percentile clipping 0.5 .. 99.5, a common MR setting (MedSAM's MR preprocessing). */
    static IntensityMapping mrPercentile() {
        return percentile(0.5, 99.5);
    }

    /** A fixed window lo..hi to 0..255 (values outside are clamped). */
    static IntensityMapping window(double lo, double hi) {
        return new WindowMapping(lo, hi);
    }

    /** A CT window preset applied to HU values. */
    static IntensityMapping ct(CtWindow preset) {
        return preset.mapping();
    }

    /** The grammar, for error messages and help texts. */
    String SPECS = "auto, asis, minmax, slice-minmax, percentile:LO,HI (percentile or mr = 0.5,99.5), "
            + "window:LO,HI, ct:soft-tissue|lung|bone|brain";

    /**
     * Parses a spec (case and surrounding blanks ignored): see the class comment. Aliases: {@code as-is},
     * {@code min-max}, {@code volume-minmax} (= minmax), {@code finetune-sam} (= slice-minmax).
     *
     * @throws IllegalArgumentException naming the spec and what was expected
     */
    static IntensityMapping parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty intensity spec: use one of " + SPECS);
        }
        String s = spec.strip().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String head = colon < 0 ? s : s.substring(0, colon).strip();
        String arg = colon < 0 ? null : s.substring(colon + 1).strip();
        try {
            switch (head) {
                case "auto":
                    noArgument(arg);
                    return auto();
                case "asis": case "as-is":
                    noArgument(arg);
                    return asIs();
                case "minmax": case "min-max": case "volume-minmax":
                    noArgument(arg);
                    return minMax();
                case "slice-minmax": case "finetune-sam":
                    noArgument(arg);
                    return sliceMinMax();
                case "mr":
                    noArgument(arg);
                    return mrPercentile();
                case "percentile": {
                    if (arg == null) {
                        return mrPercentile();
                    }
                    double[] p = twoNumbers(arg, "LO,HI percentages");
                    return percentile(p[0], p[1]);
                }
                case "window": {
                    if (arg == null) {
                        throw new IllegalArgumentException("window needs its bounds: window:LO,HI");
                    }
                    double[] w = twoNumbers(arg, "LO,HI");
                    if (!(w[1] > w[0])) {
                        throw new IllegalArgumentException("window:LO,HI needs LO < HI, got " + arg);
                    }
                    return window(w[0], w[1]);
                }
                case "ct":
                    if (arg == null) {
                        throw new IllegalArgumentException("ct needs a preset: ct:soft-tissue|lung|bone|brain");
                    }
                    return ct(CtWindow.parse(arg));
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad intensity \"" + spec + "\": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown intensity \"" + spec + "\": use one of " + SPECS);
    }

    /** {@link #parse}, or null for a null or blank spec (the caller's default applies). */
    static IntensityMapping parseOrNull(String spec) {
        return spec == null || spec.isBlank() ? null : parse(spec);
    }

    private static void noArgument(String arg) {
        if (arg != null) {
            throw new IllegalArgumentException("takes no \":" + arg + "\"");
        }
    }

    private static double[] twoNumbers(String arg, String what) {
        String[] parts = arg.split(",");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected " + what + " (two numbers separated by a comma), got \""
                    + arg + "\"");
        }
        double[] out = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + parts[i].strip() + "\" is not a number");
            }
            if (!Double.isFinite(out[i])) {
                throw new IllegalArgumentException("\"" + parts[i].strip() + "\" is not a finite number");
            }
        }
        return out;
    }

    /** A number as a spec writes it: 0.5, 99.5, -160 (no trailing ".0"). */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void checkLength(int length, int width, int height) {
        if (width <= 0 || height <= 0 || length != (long) width * height) {
            throw new IllegalArgumentException(
                    "Plane has " + length + " pixels, expected " + width + "x" + height);
        }
    }
}
