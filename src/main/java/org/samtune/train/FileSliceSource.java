package org.samtune.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.samtune.io.PilImageReader;
import org.samtune.predict.RgbImage;

/** Image/mask file pairs (PNG, TIFF, ...) read as finetune-SAM reads them, see {@link PilImageReader}. */
public final class FileSliceSource implements SliceSource {

    /** One pair; {@code name} is what finetune-SAM reports as {@code img_name} (the list's image path). */
    public record Pair(String name, Path image, Path mask) {}

    private final List<Pair> pairs;

    public FileSliceSource(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
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
        return PilImageReader.readRgb(pairs.get(index).image());
    }

    @Override
    public LabelImage loadMask(int index) throws IOException {
        return PilImageReader.readL(pairs.get(index).mask());
    }
}
