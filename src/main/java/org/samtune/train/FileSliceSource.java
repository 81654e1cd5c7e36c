package org.samtune.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.samtune.io.ImageConversion;
import org.samtune.io.ImageFiles;
import org.samtune.io.IntensityMapping;
import org.samtune.io.PilImageReader;
import org.samtune.predict.RgbImage;

/**
 * Image/mask file pairs (PNG, TIFF, ...). Images are read as finetune-SAM reads them ({@link PilImageReader}: PIL's
 * {@code convert('RGB')}, 16-bit clipped to 255) unless an {@link IntensityMapping} other than {@code auto} is
 * chosen: then they are read as the segment command reads them ({@link ImageFiles}) and mapped by it per image, so
 * that training and inference see the same gray values.
 */
public final class FileSliceSource implements SliceSource {

    /** One pair; {@code name} is what finetune-SAM reports as {@code img_name} (the list's image path). */
    public record Pair(String name, Path image, Path mask) {}

    private final List<Pair> pairs;
    /** null: PIL's conversion (finetune-SAM). */
    private final IntensityMapping intensity;

    public FileSliceSource(List<Pair> pairs) {
        this(pairs, null);
    }

    private FileSliceSource(List<Pair> pairs, IntensityMapping intensity) {
        this.pairs = List.copyOf(pairs);
        this.intensity = intensity;
    }

    /** The same pairs with images mapped by {@code mapping}; {@code auto} (or null) keeps PIL's conversion. */
    public FileSliceSource withIntensity(IntensityMapping mapping) {
        boolean pil = mapping == null || mapping.spec().equals(IntensityMapping.auto().spec());
        return new FileSliceSource(pairs, pil ? null : mapping);
    }

    public List<Pair> pairs() {
        return pairs;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public String imageName(int index) {
        return pairs.get(index).name();
    }

    @Override
    public String maskName(int index) {
        return pairs.get(index).mask().toString();
    }

    @Override
    public RgbImage loadImage(int index) throws IOException {
        Path file = pairs.get(index).image();
        if (intensity == null) {
            return PilImageReader.readRgb(file);
        }
        try {
            return ImageConversion.toRgb(ImageFiles.open(file), intensity);
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LabelImage loadMask(int index) throws IOException {
        return PilImageReader.readL(pairs.get(index).mask());
    }
}
