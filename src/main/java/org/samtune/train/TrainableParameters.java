package org.samtune.train;

import ai.djl.nn.Parameter;
import org.samtune.model.Sam;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the parameters the optimizer updates and freezes the rest (their arrays stop requiring
 * gradients, so the backward pass neither computes nor stores anything for them).
 *
 * <p>vanilla follows finetune-SAM: everything trains except the image encoder when
 * {@code if_update_encoder} is off. Buffers never train.
 */
final class TrainableParameters {
    private TrainableParameters() {}

    static Map<String, Parameter> select(Sam sam, TrainingConfig cfg) {
        String type = cfg.finetuneType.toLowerCase(Locale.ROOT);
        if (!type.equals("vanilla")) {
            throw new IllegalArgumentException("finetune_type " + cfg.finetuneType + " is not available yet in this build");
        }
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : sam.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            boolean train = p.getType() != Parameter.Type.OTHER
                    && (cfg.ifUpdateEncoder || !e.getKey().startsWith("image_encoder."));
            p.freeze(!train);
            if (train) {
                out.put(e.getKey(), p);
            }
        }
        return out;
    }
}
