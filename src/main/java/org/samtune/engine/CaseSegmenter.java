package org.samtune.engine;

import org.samtune.predict.Prediction;
import org.samtune.predict.Prompt;
import org.samtune.predict.RgbImage;
import org.samtune.predict.SamPredictor;
import org.samtune.train.PromptConfig;
import org.samtune.train.PromptSampler;
import org.samtune.train.Prompts;
import org.samtune.train.Seeds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Predicts the classes of one 2-D case (image or slice) the way an evaluation asks for:
 * <ul>
 *   <li>{@link EvaluationJob.PromptMode#NONE}, class map: finetune-SAM's automatic output, no prompt, multimask
 *       output = num_cls channels, per-pixel argmax (first maximum wins) of the upscaled logits at the image's
 *       size (finetune-SAM takes the argmax of the 256² low-res logits and scores there);</li>
 *   <li>{@link EvaluationJob.PromptMode#NONE}, best mask: a stock SAM checkpoint's three no-prompt masks; the one
 *       with the highest predicted IoU is the foreground (class 1) of a binary evaluation;</li>
 *   <li>{@link EvaluationJob.PromptMode#BOX}: per class present in the ground truth, finetune-SAM's boxes
 *       ({@link PromptSampler}, largest 3 regions, 0-10 % outward jitter), one SAM object per distinct box,
 *       single-mask output; the class's prediction is the union of the objects' masks;</li>
 *   <li>{@link EvaluationJob.PromptMode#POINT}: per class, finetune-SAM's point prompt ({@code points} positive
 *       points over the largest 3 regions from their deepest 10 %, padded to max(8, points) by repeating the last)
 *       as one object, single-mask output.</li>
 * </ul>
 * Prompt sampling is seeded per (seed, class, case key), so every model gets the same prompts for the same case.
 */
final class CaseSegmenter {
    private final SamPredictor predictor;
    private final EvaluationJob.PromptMode mode;
    private final boolean classMap;
    private final PromptSampler sampler;
    private final long seed;

    CaseSegmenter(SamPredictor predictor, EvaluationJob.PromptMode mode, boolean classMap, int points, long seed) {
        this.predictor = predictor;
        this.mode = mode;
        this.classMap = classMap;
        this.seed = seed;
        PromptConfig cfg = switch (mode) {
            case POINT -> new PromptConfig(PromptConfig.Mode.POINT, false, 3, points, Math.max(8, points), 0.1, 0, 0.1);
            default -> PromptConfig.boxes();
        };
        this.sampler = new PromptSampler(cfg);
    }

    /**
     * Class id -> predicted mask (row-major) for the classes of {@code classes} that are scored on this case:
     * with prompts, those present in {@code gt}; without, those present in the ground truth or the prediction.
     */
    Map<Integer, boolean[]> segment(RgbImage image, int[] gt, int[] classes, int caseKey) {
        int w = image.width();
        int h = image.height();
        predictor.setImage(image);
        Map<Integer, boolean[]> out = new LinkedHashMap<>();
        if (mode == EvaluationJob.PromptMode.NONE) {
            Prediction p = predictor.predictNoPrompt(true);
            if (classMap) {
                int[] labels = argmax(p);
                for (int c : classes) {
                    boolean[] m = org.samtune.eval.SegmentationMetrics.classMask(labels, c);
                    if (any(m) || containsClass(gt, c)) {
                        out.put(c, m);
                    }
                }
            } else {
                out.put(1, p.mask(0, p.bestMask(0)));
            }
            return out;
        }
        for (int c : classes) {
            int[] binary = new int[gt.length];
            boolean present = false;
            for (int i = 0; i < gt.length; i++) {
                if (gt[i] == c) {
                    binary[i] = 1;
                    present = true;
                }
            }
            if (!present) {
                continue; // nothing to prompt: the prompt comes from the ground truth
            }
            SplittableRandom rng = Seeds.forSample(seed, c, caseKey);
            Prompts pr = sampler.sample(binary, w, h, rng).prompts();
            List<Prompt> objects = mode == EvaluationJob.PromptMode.BOX ? boxObjects(pr, w, h) : pointObject(pr);
            Prediction p = predictor.predict(objects, false);
            boolean[] union = new boolean[w * h];
            for (int b = 0; b < p.objects; b++) {
                boolean[] m = p.mask(b, 0);
                for (int i = 0; i < union.length; i++) {
                    union[i] |= m[i];
                }
            }
            out.put(c, union);
        }
        return out;
    }

    /**
     * finetune-SAM's boxes as SAM objects; repeated padding boxes are dropped (they would predict the same mask).
     * finetune-SAM's box ends are the inclusive last pixel, so a one-pixel-wide region has x1 == x0; SAM's
     * prompt needs x1 > x0, and such a side is widened to one pixel.
     */
    static List<Prompt> boxObjects(Prompts pr, int w, int h) {
        List<Prompt> objects = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        float[] b = pr.boxes();
        for (int k = 0; k < pr.numBoxes(); k++) {
            float x0 = b[4 * k];
            float y0 = b[4 * k + 1];
            float x1 = Math.max(b[4 * k + 2], Math.min(x0 + 1, w));
            float y1 = Math.max(b[4 * k + 3], Math.min(y0 + 1, h));
            if (x1 <= x0) {
                x0 = x1 - 1;
            }
            if (y1 <= y0) {
                y0 = y1 - 1;
            }
            String key = x0 + "," + y0 + "," + x1 + "," + y1;
            if (!seen.contains(key)) {
                seen.add(key);
                objects.add(new Prompt().box(x0, y0, x1, y1));
            }
        }
        return objects;
    }

    /** All positive points of one prompt as one object (padding repeats included, as finetune-SAM feeds them). */
    static List<Prompt> pointObject(Prompts pr) {
        Prompt p = new Prompt();
        float[] xy = pr.pointCoords();
        float[] lab = pr.pointLabels();
        for (int i = 0; i < lab.length; i++) {
            if (lab[i] >= 0) {
                p.addPoint(xy[2 * i], xy[2 * i + 1], (int) lab[i]);
            }
        }
        return List.of(p);
    }

    /** Per-pixel argmax over the M upscaled channels of object 0 (channel k = class k), row-major. */
    static int[] argmax(Prediction p) {
        int plane = p.height * p.width;
        int[] out = new int[plane];
        float[] u = p.upscaledLogits();
        for (int i = 0; i < plane; i++) {
            float best = u[i];
            for (int m = 1; m < p.masksPerObject; m++) {
                float v = u[m * plane + i];
                if (v > best) {
                    best = v;
                    out[i] = m;
                }
            }
        }
        return out;
    }

    private static boolean any(boolean[] m) {
        for (boolean b : m) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    static boolean containsClass(int[] labels, int c) {
        for (int v : labels) {
            if (v == c) {
                return true;
            }
        }
        return false;
    }
}
