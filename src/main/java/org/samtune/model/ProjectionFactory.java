package org.samtune.model;

/**
 * Builds the q/k/v/out projections of {@link DecoderAttention}. The default makes plain
 * torch.nn.Linear layers ({@link ViTLinear}); a fine-tuning method may return wrapped layers for some roles (LoRA wraps
 * "q_proj" and "v_proj" in finetune-SAM).
 */
@FunctionalInterface
public interface ProjectionFactory {
    /**
     * @param role the PyTorch attribute name: "q_proj", "k_proj", "v_proj" or "out_proj"
     */
    LinearBlock create(String role, int in, int out);

    /** Plain torch.nn.Linear layers everywhere. */
    ProjectionFactory PLAIN = (role, in, out) -> new ViTLinear(in, out, true);
}
