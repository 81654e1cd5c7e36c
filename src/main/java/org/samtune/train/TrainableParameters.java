package org.samtune.train;

import ai.djl.nn.Parameter;
import org.samtune.model.PeftConfig;
import org.samtune.model.PeftTraining;
import org.samtune.model.Sam;

import java.util.Locale;
import java.util.Map;

/**
 * Chooses the parameters the optimizer updates and freezes the rest (their arrays stop requiring
 * gradients, so the backward pass neither computes nor stores anything for them), with finetune-SAM's
 * rules ({@link PeftTraining}): vanilla trains everything but a frozen encoder, adapter only the
 * adapters, LoRA the LoRA matrices plus everything LoRA_Sam leaves unfrozen. The model's built-in PEFT
 * modules must match {@code finetune_type}.
 */
final class TrainableParameters {
    private TrainableParameters() {}

    static Map<String, Parameter> select(Sam sam, TrainingConfig cfg) {
        String type = cfg.finetuneType.toLowerCase(Locale.ROOT);
        PeftConfig.Method method = sam.peft().method();
        boolean consistent = switch (type) {
            case "vanilla" -> method == PeftConfig.Method.NONE;
            case "lora" -> method == PeftConfig.Method.LORA;
            case "adapter" -> method == PeftConfig.Method.ADAPTER;
            default -> false;
        };
        if (!consistent) {
            throw new IllegalArgumentException("finetune_type " + cfg.finetuneType + " does not match the model's modules ("
                    + sam.peft().describe() + "): build the model with TrainingConfig.peftConfig()");
        }
        Map<String, Parameter> out = PeftTraining.trainableParameters(sam, cfg.components());
        if (out.isEmpty()) {
            throw new IllegalArgumentException("Nothing to train: finetune_type " + cfg.finetuneType + " with "
                    + sam.peft().describe() + " and components " + cfg.components() + " leaves every parameter frozen");
        }
        return out;
    }
}
