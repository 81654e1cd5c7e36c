package org.samtune.train;

import org.samtune.checkpoint.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * training_log.csv: one row per finished epoch, {@code epoch,iteration,loss,lr,val_dice,val_loss}
 * (val_* empty for epochs without validation). Rewritten whole after each epoch (atomically), so it
 * always matches the run's state, also after a resume.
 */
public final class TrainingLog {
    public static final String HEADER = "epoch,iteration,loss,lr,val_dice,val_loss";

    private TrainingLog() {}

    public static void write(List<EpochRecord> history, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochRecord r : history) {
            sb.append(r.epoch()).append(',').append(r.iteration()).append(',')
                    .append(fmt(r.loss())).append(',').append(fmt(r.lr())).append(',')
                    .append(r.validated() ? fmt(r.valDice()) : "").append(',')
                    .append(r.validated() ? fmt(r.valLoss()) : "").append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.8g", v);
    }
}
