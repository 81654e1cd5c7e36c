package org.samtune.fiji.ij1;

import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import org.samtune.fiji.models.Downloader;
import org.samtune.fiji.models.ModelFolder;
import org.samtune.fiji.models.ModelRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * "SAM Tune Models": lists the checkpoints in the model folder (architecture and fine-tuning method
 * of each) and the official ones that can be downloaded; {@code download=NAME} fetches one into the
 * folder (resumable, SHA-256 verified). Options: {@code folder=[path] download=sam_vit_b}.
 */
public class ModelsPlugin implements PlugIn {
    @Override
    public void run(String arg) {
        String options = Macro.getOptions();
        if (options == null && SegmentPlugin.canShowDialog()) {
            options = dialog();
            if (options == null) {
                return;
            }
        }
        String report = models(options == null ? "" : options);
        for (String line : report.split("\n")) {
            IJ.log(line);
        }
    }

    /** For {@code call("org.samtune.fiji.ij1.ModelsPlugin.models", "folder=[...]")}: the listing as text. */
    public static String models(String options) {
        try {
            MacroOptions o = new MacroOptions(options);
            String f = o.get("folder", "");
            Path folder = f.isBlank() ? ModelFolder.defaultFolder() : Path.of(f);
            StringBuilder sb = new StringBuilder();
            String download = o.get("download", "");
            if (!download.isBlank()) {
                ModelRegistry.Entry e = ModelRegistry.find(download)
                        .orElseThrow(() -> new IllegalArgumentException("Unknown model '" + download + "'"));
                if (!e.downloadable()) {
                    throw new IllegalArgumentException(e.name + " has no direct download: get " + e.fileName + " from "
                            + e.homepage + " and put it into " + folder);
                }
                Path target = new Downloader().download(e.url, folder.resolve(e.fileName), e.sha256,
                        (done, total) -> IJ.showProgress(total > 0 ? (double) done / total : 0));
                sb.append("downloaded ").append(target).append('\n');
            }
            sb.append("model folder: ").append(folder).append('\n');
            for (ModelFolder.Entry e : ModelFolder.list(folder)) {
                sb.append("  ").append(e.file.getFileName()).append(": ").append(e.describe()).append('\n');
            }
            sb.append("available for download (download=NAME):\n");
            for (ModelRegistry.Entry e : ModelRegistry.entries()) {
                sb.append(String.format(Locale.ROOT, "  %s: %s%s%n", e.name, e.description,
                        e.downloadable() ? "" : " (" + e.homepage + ")"));
            }
            return sb.toString().trim();
        } catch (RuntimeException | IOException e) {
            return "error: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: interrupted";
        }
    }

    private static String dialog() {
        GenericDialog gd = new GenericDialog("SAM Tune Models");
        gd.addDirectoryField("Model folder", ModelFolder.defaultFolder().toString(), 40);
        String[] names = new String[ModelRegistry.entries().size() + 1];
        names[0] = "none";
        for (int i = 0; i < ModelRegistry.entries().size(); i++) {
            names[i + 1] = ModelRegistry.entries().get(i).name;
        }
        gd.addChoice("Download", names, "none");
        boolean recording = Recorder.record;
        Recorder.record = false;
        try {
            gd.showDialog();
            if (gd.wasCanceled()) {
                return null;
            }
            String folder = gd.getNextString();
            String download = gd.getNextChoice();
            String options = MacroOptions.format("folder", folder) + (download.equals("none") ? "" : " download=" + download);
            if (recording) {
                Recorder.recordPath("folder", folder);
                if (!download.equals("none")) {
                    Recorder.recordOption("download", download);
                }
            }
            return options;
        } finally {
            Recorder.record = recording;
        }
    }
}
