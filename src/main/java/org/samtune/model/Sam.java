package org.samtune.model;

/**
 * Segment Anything: image encoder, prompt encoder and mask decoder under their checkpoint prefixes
 * ({@code image_encoder.}, {@code prompt_encoder.}, {@code mask_decoder.}). Pixel mean/std are not
 * parameters (they are non-persistent buffers in the reference) and live in {@link SamConfig}. The image
 * encoder is SAM's ViT or, for a {@code tiny_vit} config (vit_t), MobileSAM's TinyViT.
 */
public final class Sam extends SamBlock {
    private final SamConfig config;
    private final ImageEncoder imageEncoder;
    private final PromptEncoder promptEncoder;
    private final MaskDecoder maskDecoder;
    private final PeftConfig peft;

    public Sam(SamConfig config) {
        this(config, PeftConfig.none());
    }

    /**
     * SAM with finetune-SAM's LoRA and/or adapter modules in place (their parameters get finetune-SAM's
     * state-dict names, e.g. {@code image_encoder.blocks.0.attn.qkv.qkv.weight}). Those modules only exist
     * in finetune-SAM's code, whose encoder blocks normalise after window padding, so with any PEFT module
     * the model uses a copy of {@code config} with {@link SamConfig#finetuneSamBlockOrder} on (see
     * {@link #config()}); the same file then means the same function here and in finetune-SAM.
     */
    public Sam(SamConfig config, PeftConfig peft) {
        this.peft = peft;
        this.config = peft.isEnabled() && !config.finetuneSamBlockOrder ? withFinetuneSamOrder(config) : config;
        this.imageEncoder = this.config.isTinyViT()
                ? child("image_encoder", new ImageEncoderTinyViT(this.config, peft))
                : child("image_encoder", new ImageEncoderViT(this.config, peft));
        this.promptEncoder = child("prompt_encoder", new PromptEncoder(this.config));
        this.maskDecoder = child("mask_decoder", new MaskDecoder(this.config, peft));
    }

    private static SamConfig withFinetuneSamOrder(SamConfig c) {
        SamConfig copy = SamConfig.fromJson(c.toJson());
        copy.name = c.name;
        copy.finetuneSamBlockOrder = true;
        return copy;
    }

    /** The architecture the model was built with (for PEFT models a copy with finetuneSamBlockOrder on). */
    public SamConfig config() {
        return config;
    }

    /** The parameter-efficient modules built in ({@link PeftConfig#none()} for plain SAM). */
    public PeftConfig peft() {
        return peft;
    }

    /** The image encoder ({@link ImageEncoderViT} or {@link ImageEncoderTinyViT}, by {@link SamConfig#encoder}). */
    public ImageEncoder imageEncoder() {
        return imageEncoder;
    }

    public PromptEncoder promptEncoder() {
        return promptEncoder;
    }

    public MaskDecoder maskDecoder() {
        return maskDecoder;
    }
}
