package org.samtune.fiji;

import org.samtune.engine.IntensityChoice;
import org.samtune.predict.PromptText;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import org.samtune.engine.SegmentJob;
import org.samtune.predict.Prediction;
import org.samtune.predict.RgbImage;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/**
 * Segment for scripts: an imglib2 image and box/point text in, an 8-bit mask (255 inside any object)
 * out. Example (Groovy):
 * <pre>
 * mask = command.run(SegmentImgCommand, true, "image", img, "checkpoint", new File("sam_vit_b.pth"),
 *         "box", "15,20,60,85").get().getOutput("mask")
 * </pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>SAM Tune>Segment (image data)", headless = true)
public class SegmentImgCommand implements Command {
    @Parameter(label = "Image")
    private RandomAccessibleInterval<? extends RealType<?>> image;

    @Parameter(label = "Checkpoint", style = "open")
    private File checkpoint;

    @Parameter(label = "Architecture", choices = {"auto", "vit_b", "vit_l", "vit_h", "vit_t"}, persist = false)
    private String architecture = "auto";

    @Parameter(label = "Architecture file (optional)", style = "open", required = false, persist = false)
    private File config;

    @Parameter(label = "Preprocessing", choices = {"auto", "sam", "finetune-sam"}, persist = false)
    private String preprocessing = "auto";

    @Parameter(label = "Box", required = false, persist = false, description = "x0,y0,x1,y1[;...] in pixels")
    private String box = "";

    @Parameter(label = "Points", required = false, persist = false, description = "x,y,label[;...], label 1 positive, 0 negative")
    private String points = "";

    @Parameter(label = "Multimask output", persist = false)
    private boolean multimask;

    @Parameter(label = "Intensity", required = false, persist = false, description = "empty = recorded with the model, else auto; " + org.samtune.io.IntensityMapping.SPECS)
    private String intensity = "";

    @Parameter(label = "Device", choices = {"auto", "cpu", "gpu"}, persist = false)
    private String device = "auto";

    @Parameter(label = "CPU threads (0 = all cores)", min = "0", persist = false)
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private Img<UnsignedByteType> mask;

    @Override
    public void run() {
        ModelSpec spec = ModelSpec.of(checkpoint.toPath(), architecture, config == null ? null : config.toPath(),
                preprocessing, device, threads);
        org.samtune.engine.LoadedModel model = SamSession.shared().model(spec, null);
        IntensityChoice choice = IntensityChoice.resolve(intensity, model);
        RgbImage rgb = ImgPlanes.toRgb(image, choice.mapping());
        Prediction p = SamSession.shared().predict(spec, rgb, PromptText.parse(box, points), multimask, null);
        mask = ImgPlanes.mask(MaskOutputs.union(p), p.width, p.height);
    }
}
