package org.samtune.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which parameters train, following finetune-SAM's SingleGPU_train_finetune_noprompt.py (spec §3.6):
 * <ul>
 *   <li>vanilla ({@link PeftConfig.Method#NONE}): everything requires grad, except the image encoder when
 *       only the decoder is fine-tuned;
 *   <li>adapter: every parameter whose name lacks "Adapter" is frozen;
 *   <li>LoRA (LoRA_Sam): with encoder LoRA the whole image encoder is frozen but its LoRA matrices (and, on
 *       TinyViT, its convolutional first stage {@code layers.0}, which LoRA_Sam's TinyViT branch unfreezes); with
 *       decoder LoRA the mask decoder's transformer is frozen but its LoRA matrices; nothing else is
 *       frozen (prompt encoder, mask/IoU tokens, upscaling, hypernetwork MLPs and IoU head train);
 *   <li>LoRA + adapters (no finetune-SAM mode: its LoRA_Sam would freeze the adapters inside the encoder and
 *       decoder transformer): the LoRA rule, with every "Adapter" parameter trainable as well.
 * </ul>
 * "requires grad" is finetune-SAM's {@code requires_grad} flag (the spec table's req_grad column).
 * "Trainable" additionally drops the image encoder when the encoder is not updated
 * ({@code if_update_encoder=False}: finetune-SAM runs it under {@code torch.no_grad()}, so it never gets a
 * gradient even where the flag is set). Buffers never train and are not counted as parameters; in
 * particular TinyViT's BatchNorm running statistics stay as loaded (finetune-SAM's {@code sam.train()}
 * updates them even in frozen parts, see {@link BatchNorm2d}).
 */
public final class PeftTraining {
    /** The model parts fine-tuning updates (finetune-SAM's if_update_encoder). */
    public enum Components {
        /** if_update_encoder=False: the encoder runs without gradients. */
        DECODER,
        /** if_update_encoder=True. */
        ENCODER_AND_DECODER
    }

    /** Parameter totals of a model under a fine-tuning setting. */
    public static final class ParameterCounts {
        /** Every parameter (buffers excluded), as {@code sum(p.numel() for p in sam.parameters())}. */
        public final long total;
        /** Parameters with finetune-SAM's requires_grad flag set. */
        public final long requiresGrad;
        /** Parameters the optimiser updates here: requiresGrad, minus the encoder when it is not updated. */
        public final long trainable;

        ParameterCounts(long total, long requiresGrad, long trainable) {
            this.total = total;
            this.requiresGrad = requiresGrad;
            this.trainable = trainable;
        }

        @Override
        public String toString() {
            return String.format("%,d parameters, %,d trainable (%.3f%%)", total, trainable, total == 0 ? 0.0 : 100.0 * trainable / total);
        }
    }

    /** TinyViT's convolutional first stage (only TinyViT encoders have {@code layers.}). */
    private static final String TINY_VIT_CONV_STAGE = "image_encoder.layers.0.";

    private PeftTraining() {}

    /** finetune-SAM's requires_grad for the parameter named {@code key} (a full Sam state-dict name). */
    public static boolean requiresGrad(String key, PeftConfig peft, Components components) {
        boolean adapterParam = key.contains("Adapter");
        switch (peft.method()) {
            case NONE:
                return components == Components.ENCODER_AND_DECODER || !key.startsWith("image_encoder.");
            case ADAPTER:
                return adapterParam;
            case LORA:
                return loraRule(key, peft);
            case LORA_AND_ADAPTER:
                return adapterParam || loraRule(key, peft);
            default:
                throw new AssertionError(peft.method());
        }
    }

    private static boolean loraRule(String key, PeftConfig peft) {
        if (peft.encoderLora && key.startsWith("image_encoder.")) {
            // TinyViT: LoRA_Sam's MobileSAM branch sets image_encoder.layers[0] (MBConv stage + merge) trainable
            return PeftKeys.isLoraKey(key) || key.startsWith(TINY_VIT_CONV_STAGE);
        }
        if (peft.decoderLora && key.startsWith("mask_decoder.transformer.")) {
            return PeftKeys.isLoraKey(key);
        }
        return true;
    }

    /** Whether the parameter is updated when fine-tuning {@code components}. */
    public static boolean isTrainable(String key, PeftConfig peft, Components components) {
        return requiresGrad(key, peft, components)
                && (components == Components.ENCODER_AND_DECODER || !key.startsWith("image_encoder."));
    }

    /**
     * Freezes {@code sam} for fine-tuning: every parameter gets DJL's requiresGradient set to whether it
     * is trainable (on its array too, when it has one), and the trainable ones are returned by state-dict
     * name, in registration order (the optimiser's parameter list). Buffers stay frozen.
     */
    public static Map<String, Parameter> trainableParameters(Sam sam, Components components) {
        return trainableParameters(sam, sam.peft(), components);
    }

    /** As {@link #trainableParameters(Sam, Components)} with an explicit setting (names must be full Sam keys). */
    public static Map<String, Parameter> trainableParameters(SamBlock sam, PeftConfig peft, Components components) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            boolean train = isParameter(p) && isTrainable(e.getKey(), peft, components);
            // Parameter.freeze also flips an existing array's requires_grad; for arrays set later,
            // ModelWeights.set follows the parameter's flag
            p.freeze(!train);
            if (train) {
                out.put(e.getKey(), p);
            }
        }
        return out;
    }

    /** Counts from the declared shapes only (no tensor needs to exist: works on an unloaded vit_h). */
    public static ParameterCounts count(SamBlock sam, PeftConfig peft, Components components) {
        Map<String, Parameter> params = sam.namedParameters();
        long total = 0, req = 0, train = 0;
        for (Map.Entry<String, Shape> e : sam.namedShapes().entrySet()) {
            if (!isParameter(params.get(e.getKey()))) {
                continue;
            }
            long n = e.getValue().size();
            total += n;
            if (requiresGrad(e.getKey(), peft, components)) {
                req += n;
            }
            if (isTrainable(e.getKey(), peft, components)) {
                train += n;
            }
        }
        return new ParameterCounts(total, req, train);
    }

    public static ParameterCounts count(Sam sam, Components components) {
        return count(sam, sam.peft(), components);
    }

    /** Buffers (SamBlock.buffer: PyTorch register_buffer) are Parameter.Type.OTHER. */
    private static boolean isParameter(Parameter p) {
        return p.getType() != Parameter.Type.OTHER;
    }
}
