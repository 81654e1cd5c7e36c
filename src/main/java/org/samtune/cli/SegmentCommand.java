package org.samtune.cli;

import org.samtune.engine.SegmentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code samtune segment}: prompt SAM on one 2-D image (or one slice of a volume) and write the mask and/or logits. */
@Command(name = "segment", description = "Segment one 2-D image with point/box/mask prompts (SamPredictor semantics), "
        + "or a volume from prompts on one slice (--slice, optionally --propagate).")
final class SegmentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "SAM / MedSAM / finetune-SAM checkpoint (.pth or .safetensors)")
    Path checkpoint;

    @Mixin
    ArchitectureOptions architecture = new ArchitectureOptions();

    @Mixin
    RuntimeMixin runtime;

    @Option(names = "--image", required = true, description = "2-D image (PNG, TIFF, JPEG, DICOM; 8/16/32-bit gray or RGB), "
            + "or a volume (.nii, .nii.gz, DICOM series folder) with --slice")
    Path image;

    @Option(names = "--point", description = "X,Y[,LABEL] in image pixels; label 1 positive (default), 0 negative")
    List<String> points = new ArrayList<>();

    @Option(names = "--box", description = "X0,Y0,X1,Y1 in image pixels; several boxes = several objects")
    List<String> boxes = new ArrayList<>();

    @Option(names = "--mask-input", description = "low-res logits .npy (1x1x256x256 for 1024 models) or a mask image")
    Path maskInput;

    @Option(names = "--multimask", description = "return 3 candidate masks per object (the best by predicted IoU is written)")
    boolean multimask;

    @Option(names = "--output", description = "mask (.png/.tif): 0/255 for one object, labels 1..N for several")
    Path output;

    @Option(names = "--save-logits", description = ".npz with low_res_logits, iou_predictions, upscaled_logits, masks, image_embeddings")
    Path logits;

    @Option(names = "--intensity", description = "auto, asis, minmax, slice-minmax, percentile:LO,HI (mr = 0.5,99.5), "
            + "window:LO,HI, ct:soft-tissue|lung|bone|brain (default: recorded with the model, else auto)")
    String intensity;

    @Option(names = "--axis", defaultValue = "z", description = "volumes: slice axis x|y|z or 0|1|2 (default: ${DEFAULT-VALUE})")
    String axis;

    @Option(names = "--slice", description = "volumes: the prompted slice index along --axis")
    Integer slice;

    @Option(names = "--propagate", description = "volumes: carry each object's mask to neighbouring slices until it vanishes")
    boolean propagate;

    @Override
    public Integer call() throws Exception {
        SegmentJob.Request r = new SegmentJob.Request();
        r.checkpoint = checkpoint;
        r.loader = architecture.toLoaderOptions(runtime.options);
        r.image = image;
        r.prompts = PromptArgs.build(points, boxes);
        r.maskInput = maskInput;
        r.multimask = multimask;
        r.output = output;
        r.logits = logits;
        r.intensity = intensity;
        r.axis = org.samtune.io.SliceAxis.parse(axis);
        r.slice = slice;
        r.propagate = propagate;
        SegmentJob.Result result = SegmentJob.run(r, spec.commandLine().getErr()::println);
        spec.commandLine().getOut().println(result.summary());
        return 0;
    }
}
