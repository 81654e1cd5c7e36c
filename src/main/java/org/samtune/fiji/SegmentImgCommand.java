package org.samtune.fiji;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import org.samtune.engine.IntensityChoice;
import org.samtune.engine.LoadedModel;
import org.samtune.engine.VolumeSegmentJob;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.PromptText;
import org.samtune.predict.RgbImage;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.util.List;

/**
 * Segment for scripts: an imglib2 image and box/point text in, an 8-bit mask (255 inside any object) and a
 * 16-bit label image (object i = i) out. A 2-D image (or (X, Y, 3) RGB) is one plane; with {@code propagate} an
 * (X, Y, Z) image is a volume: the prompts are on plane {@code slice} (0-based) and each object is carried through
 * Z by the engine's {@link VolumeSegmentJob#segmentStack}; the outputs are then (X, Y, Z). Example (Groovy):
 * <pre>
 * mask = command.run(SegmentImgCommand, true, "image", img, "checkpoint", new File("sam_vit_b.pth"),
 *         "box", "15,20,60,85").get().getOutput("mask")
 * </pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Segment (image data)", headless = true)
public class SegmentImgCommand extends ModelCommand {
    @Parameter(label = "Image")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(label = "Box", required = false, persist = false, description = "x0,y0,x1,y1[;...] in pixels")
    private String box = "";

    @Parameter(label = "Points", required = false, persist = false, description = "x,y,label[;...], label 1 positive, 0 negative")
    private String points = "";

    @Parameter(label = "Multimask output", persist = false)
    private boolean multimask;

    @Parameter(label = "Propagate through Z (3-D)", persist = false,
            description = "an (X, Y, Z) image: segment plane 'slice' and carry each object through Z")
    private boolean propagate;

    @Parameter(label = "Prompted slice (Z, 0-based)", min = "0", persist = false)
    private int slice;

    @Parameter(type = ItemIO.OUTPUT)
    private Img<UnsignedByteType> mask;

    @Parameter(type = ItemIO.OUTPUT)
    private Img<UnsignedShortType> labels;

    private int encoderRuns;

    @Override
    public void run() {
        ModelSpec spec = modelSpec();
        List<Prompt> prompts = PromptText.parse(box, points);
        if (propagate) {
            if (image.numDimensions() != 3) {
                throw new IllegalArgumentException("propagate needs an (X, Y, Z) image, got " + image.numDimensions()
                        + " dimensions");
            }
            int w = (int) image.dimension(0);
            int h = (int) image.dimension(1);
            float[][] planes = ImgPlanes.planes(image);
            VolumeSegmentJob.Result r = SamSession.shared().segmentVolume(spec, model -> VolumeSegmentJob.segmentStack(
                    model, planes, w, h, slice, prompts, true, ImgPlanes.volumeMapping(image, intensity(model)),
                    log::info), log::info);
            int[][] planeLabels = new int[planes.length][];
            for (int s = 0; s < planes.length; s++) {
                planeLabels[s] = r.labelPlane(s);
            }
            labels = ImgPlanes.labels(planeLabels, w, h);
            mask = ImgPlanes.mask(planeLabels, w, h);
            encoderRuns = r.encoderRuns();
            return;
        }
        LoadedModel model = SamSession.shared().model(spec, null);
        RgbImage rgb = ImgPlanes.toRgb(image, intensity(model).mapping());
        Prediction p = SamSession.shared().predict(spec, rgb, prompts, multimask, null);
        int[][] planeLabels = {p.labelImage()};
        labels = ImgPlanes.labels(planeLabels, p.width, p.height);
        mask = ImgPlanes.mask(planeLabels, p.width, p.height);
    }

    private IntensityChoice intensity(LoadedModel model) {
        return IntensityChoice.resolve(intensityMapping(), model.intensity());
    }

    /** Encoder runs of the last propagation (one per plane visited). */
    public int encoderRuns() {
        return encoderRuns;
    }
}
