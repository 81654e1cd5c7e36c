package org.samtune.fiji.interactive;

import ij.ImagePlus;
import org.samtune.fiji.SamSession;
import org.samtune.fiji.SegmentSettings;
import org.samtune.io.ImageConversion;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;

import java.util.List;
import java.util.function.Consumer;

/**
 * The engine side of the interactive tool: a plane of an ImagePlus, converted like Segment does,
 * predicted by the shared {@link SamSession} (whose predictor caches the last few planes'
 * embeddings, so the encoder runs once per plane).
 */
public final class StackSegmenter implements SliceSegmenter {
    private final ImagePlus image;
    private final SamSession session;
    private final SegmentSettings settings;
    private final Consumer<String> log;

    public StackSegmenter(ImagePlus image, SamSession session, SegmentSettings settings, Consumer<String> log) {
        if (settings.model == null) {
            throw new IllegalArgumentException("No model: choose a checkpoint");
        }
        this.image = image;
        this.session = session;
        this.settings = settings;
        this.log = log;
    }

    @Override
    public boolean[] segment(int slice, Prompt prompt) {
        Prediction p = session.predict(settings.model, plane(slice), List.of(prompt), settings.multimask, log);
        return p.mask(0, p.bestMask(0));
    }

    /** Loads the model (if not loaded yet), so the first click does not pay for it. */
    public void loadModel() {
        session.model(settings.model, log);
    }

    RgbImage plane(int slice) {
        return ImageConversion.toRgb(image.getStack().getProcessor(slice), image.getBitDepth(), settings.intensity);
    }
}
