package org.samtune.train;

import org.samtune.engine.GradMode;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import org.samtune.eval.TrainingDice;
import org.samtune.model.Sam;

import java.util.Collections;
import java.util.Map;

/**
 * finetune-SAM's training step on a {@link Sam} model (SingleGPU_train_finetune_noprompt.py and its
 * box variant):
 * <ol>
 *   <li>image encoder forward, without gradients when the encoder is frozen (or precomputed embeddings);</li>
 *   <li>prompt encoder: no prompt (an empty sparse set and no_mask_embed), boxes or points;</li>
 *   <li>mask decoder with every mask token; token 0 (SAM's single-mask output) is dropped, so the
 *       logits have num_cls channels at the low-res size, channel 0 = background;</li>
 *   <li>{@link SegmentationLoss} (sigmoid Dice + CE) against the low-res target, backward through the
 *       trainable parameters only;</li>
 *   <li>{@link AdamW} step with the rate the schedule gives for this iteration.</li>
 * </ol>
 * A non-finite loss (or gradient norm, when clipping) stops training with a {@link TrainingException}
 * naming the iteration. Each step runs in a memory scope: apart from the parameters and the optimizer
 * state, nothing it creates outlives it. {@link FineTuning} runs the epochs around these steps.
 */
public final class Trainer implements AutoCloseable {

    /** Loss terms of one step, computed before the update. */
    public record StepResult(long iteration, double loss, double dice, double crossEntropy, double lr,
                             double gradNorm) {}

    /** Validation outputs of one batch: the summed loss and finetune-SAM's Dice of each image. */
    public record EvalResult(double loss, double[] imageDice) {
        /** finetune-SAM's batch score: the mean over the batch's images. */
        public double batchDice() {
            double s = 0;
            for (double d : imageDice) {
                s += d;
            }
            return s / imageDice.length;
        }
    }

    private final Sam sam;
    private final TrainingConfig cfg;
    private final Map<String, Parameter> trainable;
    private final AdamW optimizer;

    /**
     * @param sam the model, weights loaded, with num_cls + 1 mask tokens
     * @param manager the manager that holds the model's weights (optimizer state goes to a child)
     */
    public Trainer(Sam sam, NDManager manager, TrainingConfig cfg) {
        cfg.validate();
        this.sam = sam;
        this.cfg = cfg;
        int tokens = sam.maskDecoder().numMaskTokens();
        if (tokens != cfg.numCls + 1) {
            throw new IllegalArgumentException("The mask decoder has " + tokens + " mask tokens; num_cls " + cfg.numCls
                    + " needs " + (cfg.numCls + 1) + " (build the model with num_multimask_outputs = num_cls)");
        }
        if (sam.config().imgSize != cfg.imageSize) {
            throw new IllegalArgumentException("image_size " + cfg.imageSize + " differs from the encoder's input size "
                    + sam.config().imgSize);
        }
        int lowRes = 4 * sam.config().imageEmbeddingSize[0];
        if (cfg.outSize != lowRes) {
            throw new IllegalArgumentException("out_size " + cfg.outSize + " must equal the decoder's output size " + lowRes);
        }
        this.trainable = TrainableParameters.select(sam, cfg);
        this.optimizer = new AdamW(manager);
        optimizer.beta1 = cfg.beta1;
        optimizer.beta2 = cfg.beta2;
        optimizer.eps = cfg.eps;
        optimizer.weightDecay = cfg.weightDecay;
    }

    public Sam model() {
        return sam;
    }

    public TrainingConfig config() {
        return cfg;
    }

    /** The parameters the optimizer updates, by state-dict name (everything else is frozen). */
    public Map<String, Parameter> trainableParameters() {
        return Collections.unmodifiableMap(trainable);
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** Whether embeddings can be computed once: the encoder takes no part in training. */
    public boolean encoderFrozen() {
        return cfg.encoderFrozen();
    }

    /**
     * One optimizer step: forward, loss, backward, optional clipping, AdamW at {@code lr}.
     *
     * @param iteration global 0-based step index (for error messages and the result)
     * @throws TrainingException when the loss or the gradient norm is not finite
     */
    public StepResult step(TrainingInput batch, int epoch, long iteration, double lr) {
        StepResult r = forwardBackward(batch, epoch, iteration, lr);
        // The update records no graph (torch.no_grad in the optimizer), whatever this thread's grad mode:
        // a worker thread may start with it on, and a recorded update would chain every step's graph.
        return GradMode.noGrad(() -> {
            StepResult done = r;
            if (cfg.gradClip > 0) {
                double norm = clipGradients(cfg.gradClip, epoch, iteration);
                done = new StepResult(r.iteration(), r.loss(), r.dice(), r.crossEntropy(), lr, norm);
            }
            // outside the step's scope: the optimizer's new weights and moments must outlive it
            optimizer.step(trainable, lr);
            return done;
        });
    }

    /**
     * Runs between the forward pass and the backward pass: tests use it to collect garbage there, which is
     * when a tensor whose memory Java owns but autograd still needs would be freed.
     */
    Runnable beforeBackward = () -> {};

    /** Forward, loss and backward: gradients are left on the trainable parameters; nothing is updated. */
    public StepResult forwardBackward(TrainingInput batch, int epoch, long iteration, double lr) {
        try (NDScope scope = new NDScope()) {
            NDArray emb = batch.embeddings();
            if (emb == null && cfg.encoderFrozen()) {
                emb = encodeNoGrad(batch.images());
            }
            try (GradientCollector gc = batch.labels().getManager().getEngine().newGradientCollector()) {
                if (emb == null) {
                    emb = sam.imageEncoder().forward(batch.images());
                }
                NDArray logits = decode(emb, batch);
                SegmentationLoss.Terms t = SegmentationLoss.compute(logits, labels(batch));
                double loss = t.total.getFloat();
                if (!Double.isFinite(loss)) {
                    throw new TrainingException(String.format(java.util.Locale.ROOT,
                            "The training loss became %s at epoch %d, iteration %d (lr %.3g). Training stopped; "
                                    + "lower the learning rate, enable gradient clipping, or check the data.",
                            Double.isNaN(loss) ? "NaN" : "infinite", epoch, iteration, lr), epoch, iteration);
                }
                double dice = t.dice.getFloat();
                double ce = t.crossEntropy.getFloat();
                beforeBackward.run();
                gc.backward(t.total);
                return new StepResult(iteration, loss, dice, ce, lr, Double.NaN);
            }
        }
    }

    /** Image embeddings (B, C, h, w) without recording gradients, in the images' manager. */
    public NDArray encodeNoGrad(NDArray images) {
        return GradMode.noGrad(() -> sam.imageEncoder().forward(images));
    }

    /**
     * Validation forward without gradients: loss and finetune-SAM's per-image Dice of the argmax labels
     * ({@link TrainingDice#multiClass}, background included).
     */
    public EvalResult evaluate(TrainingInput batch) {
        return GradMode.noGrad(() -> {
            try (NDScope scope = new NDScope()) {
                NDArray emb = batch.embeddings() != null ? batch.embeddings() : sam.imageEncoder().forward(batch.images());
                NDArray logits = decode(emb, batch);
                NDArray labels = labels(batch);
                SegmentationLoss.Terms t = SegmentationLoss.compute(logits, labels);
                int b = Math.toIntExact(labels.getShape().get(0));
                int[] pred = logits.argMax(1).toType(DataType.INT32, false).toIntArray();
                int[] gt = labels.toType(DataType.INT32, false).toIntArray();
                int n = pred.length / b;
                double[] dice = new double[b];
                for (int i = 0; i < b; i++) {
                    dice[i] = TrainingDice.multiClass(java.util.Arrays.copyOfRange(pred, i * n, (i + 1) * n),
                            java.util.Arrays.copyOfRange(gt, i * n, (i + 1) * n), cfg.numCls);
                }
                return new EvalResult(t.total.getFloat(), dice);
            }
        });
    }

    /** Low-res logits (B, num_cls, o, o): prompt encoder, mask decoder over every token, token 0 dropped. */
    NDArray decode(NDArray emb, TrainingInput batch) {
        NDManager m = emb.getManager();
        NDArray imagePe = sam.promptEncoder().denseImagePe(m);
        NDArray[] prompts = encodePrompts(m, batch);
        NDArray[] all = sam.maskDecoder().predictMasks(emb, imagePe, prompts[0], prompts[1], null);
        return all[0].get(":, 1:");
    }

    /** {sparse (B or 1, T, C), dense (B or 1, C, h, w)} for the batch's prompts. */
    private NDArray[] encodePrompts(NDManager m, TrainingInput batch) {
        var pe = sam.promptEncoder();
        NDArray points = null;
        NDArray dense = null;
        if (batch.pointCoords() != null) {
            // SAM appends one padding point (label -1) when no box is given
            NDArray[] r = pe.forward(m, batch.pointCoords(), batch.pointLabels(), null, null);
            points = r[0];
            dense = r[1];
        }
        NDArray boxTokens = null;
        if (batch.boxes() != null) {
            // (B, K, 4): each box gives two corner tokens and the K boxes of a sample share one mask
            // (finetune-SAM reshapes the box embeddings to (B, 2K, C))
            Shape s = batch.boxes().getShape();
            long bsz = s.get(0);
            NDArray flat = batch.boxes().reshape(bsz * s.get(1), 4);
            boxTokens = pe.forward(m, null, null, flat, null)[0].reshape(bsz, -1, pe.embedDim());
        }
        if (dense == null) {
            dense = pe.forward(m, null, null, null, null)[1]; // no_mask_embed, batch 1 broadcasts
        }
        NDArray sparse;
        if (points != null && boxTokens != null) {
            sparse = NDArrays.concat(new NDList(points, boxTokens), 1);
        } else if (points != null) {
            sparse = points;
        } else if (boxTokens != null) {
            sparse = boxTokens;
        } else {
            sparse = pe.forward(m, null, null, null, null)[0]; // (1, 0, C)
        }
        return new NDArray[] {sparse, dense};
    }

    private static NDArray labels(TrainingInput batch) {
        NDArray l = batch.labels();
        return l.getShape().dimension() == 4 ? l.squeeze(1) : l;
    }

    /**
     * torch.nn.utils.clip_grad_norm_: the global L2 norm over every trainable gradient; when it exceeds
     * {@code maxNorm}, every gradient is scaled by maxNorm / (norm + 1e-6).
     *
     * @return the norm before clipping
     */
    public double clipGradients(double maxNorm, int epoch, long iteration) {
        java.util.List<NDArray> grads = new java.util.ArrayList<>();
        try (NDScope scope = new NDScope()) { // temporaries of the norm live in the parameters' manager
            double sq = 0;
            for (Parameter p : trainable.values()) {
                NDArray g = AdamW.gradientOrNull(p.getArray());
                if (g != null) {
                    grads.add(g);
                    sq += g.square().sum().getFloat();
                }
            }
            double norm = Math.sqrt(sq);
            if (!Double.isFinite(norm)) {
                throw new TrainingException("The gradient norm became " + norm + " at epoch " + epoch + ", iteration "
                        + iteration + ". Training stopped; lower the learning rate or check the data.", epoch, iteration);
            }
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1) {
                for (NDArray g : grads) {
                    g.muli((float) coef); // in place: the tensor is the parameter's .grad
                }
            }
            return norm; // the gradient handles close with the scope (the tensors stay on the parameters)
        }
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
