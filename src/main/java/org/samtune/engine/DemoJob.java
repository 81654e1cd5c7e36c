package org.samtune.engine;

import org.samtune.eval.SegmentationMetrics;
import org.samtune.io.MaskFiles;
import org.samtune.io.PilImageReader;
import org.samtune.model.SamConfig;
import org.samtune.predict.InputPreprocessing;
import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;
import org.samtune.train.LabelImage;
import org.samtune.train.ListFile;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The README's main job: segments the bundled MRI-Prostate validation slices with a box prompt taken
 * from each ground-truth mask, and writes masks, overlays and a Dice table to the output folder. With
 * no checkpoint it uses the bundled tiny random-weight model (a functional check, not a meaningful
 * segmentation).
 */
public final class DemoJob {
    private DemoJob() {}

    public static final class Request {
        public Path home = Path.of(".");
        public Path out = Path.of("samtune-demo");
        public Path checkpoint;
        public ModelLoader.Options loader = new ModelLoader.Options();
    }

    public static String run(Request r, Consumer<String> log) throws IOException {
        Path data = r.home.resolve("data/mri-prostate");
        Path list = data.resolve("MRI-Prostate/val_5shot.csv");
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("Demo data not found at " + list + " (run from the repository root)");
        }
        Path checkpoint = r.checkpoint;
        if (checkpoint == null) {
            checkpoint = r.home.resolve("data/models/sam-tiny/model.pth");
            r.loader.config = SamConfig.fromJson(r.home.resolve("data/models/sam-tiny/config.json"));
            r.loader.preprocessing = InputPreprocessing.SAM;
        }
        Files.createDirectories(r.out.resolve("masks"));
        Files.createDirectories(r.out.resolve("overlays"));
        StringBuilder table = new StringBuilder("case,box,predicted_iou,dice\n");
        List<Double> dices = new ArrayList<>();
        try (LoadedModel model = ModelLoader.load(checkpoint, r.loader);
             SamPredictor predictor = new SamPredictor(model.model(), model.manager(), model.preprocessing())) {
            log.accept("model: " + model.describe());
            for (ListFile.Entry e : ListFile.read(list)) {
                Path imageFile = data.resolve(e.imagePath());
                Path maskFile = data.resolve(e.maskPath());
                RgbImage image = PilImageReader.readRgb(imageFile);
                LabelImage gt = PilImageReader.readL(maskFile);
                boolean[] truth = new boolean[gt.labels().length];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = gt.labels()[i] > 0;
                }
                float[] box = boundingBox(truth, gt.width(), gt.height());
                predictor.setImage(image);
                Prediction p = predictor.predict(List.of(new Prompt().box(box[0], box[1], box[2], box[3])), false);
                boolean[] mask = p.mask(0, 0);
                double dice = SegmentationMetrics.dice(mask, truth);
                dices.add(dice);
                String name = imageFile.getFileName().toString().replaceAll("\\.png$", "");
                MaskFiles.writeBinary(mask, p.width, p.height, r.out.resolve("masks/" + name + ".png"));
                ImageIO.write(Overlays.draw(image, mask, truth, box), "png", r.out.resolve("overlays/" + name + ".png").toFile());
                table.append(String.format(Locale.ROOT, "%s,%.0f %.0f %.0f %.0f,%.4f,%.4f%n", name, box[0], box[1], box[2], box[3],
                        p.iou(0, 0), dice));
                log.accept(String.format(Locale.ROOT, "%s: Dice %.4f", name, dice));
            }
            Files.writeString(r.out.resolve("dice.csv"), table.toString(), StandardCharsets.UTF_8);
            double mean = dices.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            return String.format(Locale.ROOT, "demo: %d slices, mean Dice %.4f (%s); results in %s", dices.size(), mean,
                    r.checkpoint == null ? "bundled random-weight tiny model: pass --checkpoint for real results" : model.describe(),
                    r.out.toAbsolutePath());
        }
    }

    /** Tight box (x0, y0, x1, y1) around the object, in pixel-edge coordinates. */
    static float[] boundingBox(boolean[] mask, int w, int h) {
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x]) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return new float[] {0, 0, w, h};
        }
        return new float[] {x0, y0, x1 + 1, y1 + 1};
    }
}
