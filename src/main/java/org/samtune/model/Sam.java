package org.samtune.model;

/**
 * Segment Anything: image encoder, prompt encoder and mask decoder under their checkpoint prefixes
 * ({@code image_encoder.}, {@code prompt_encoder.}, {@code mask_decoder.}). Pixel mean/std are not
 * parameters (they are non-persistent buffers in the reference) and live in {@link SamConfig}.
 */
public final class Sam extends SamBlock {
    private final SamConfig config;
    private final ImageEncoderViT imageEncoder;
    private final PromptEncoder promptEncoder;
    private final MaskDecoder maskDecoder;

    public Sam(SamConfig config) {
        this.config = config;
        this.imageEncoder = child("image_encoder", new ImageEncoderViT(config));
        this.promptEncoder = child("prompt_encoder", new PromptEncoder(config));
        this.maskDecoder = child("mask_decoder", new MaskDecoder(config));
    }

    public SamConfig config() {
        return config;
    }

    public ImageEncoderViT imageEncoder() {
        return imageEncoder;
    }

    public PromptEncoder promptEncoder() {
        return promptEncoder;
    }

    public MaskDecoder maskDecoder() {
        return maskDecoder;
    }
}
