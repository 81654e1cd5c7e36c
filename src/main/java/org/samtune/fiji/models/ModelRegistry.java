package org.samtune.fiji.models;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Official checkpoints a user can fetch from Fiji, with the download address and SHA-256 their
 * publishers' tooling verifies. The addresses and hashes are the ones micro-sam's model registry
 * (computational-cell-analytics/micro-sam, micro_sam/util.py, the pooch registry with SHA-256
 * hashes) pins for the original SAM and MobileSAM weights. MedSAM is only distributed through a
 * shared Google Drive folder with no published checksum, so it is listed for manual download.
 */
public final class ModelRegistry {
    private ModelRegistry() {}

    /** One downloadable (or manually obtainable) checkpoint. */
    public static final class Entry {
        public final String name;
        public final String description;
        /** Architecture preset the checkpoint needs (vit_b/l/h, vit_t = TinyViT). */
        public final String arch;
        public final String fileName;
        /** Direct download address, or null when the file must be fetched by hand. */
        public final URI url;
        /** Lower-case hex SHA-256, or null when none is published. */
        public final String sha256;
        /** Where to read about the model (and download it by hand). */
        public final String homepage;
        /** False when this version of SAM Tune cannot run the architecture yet. */
        public final boolean runnable;

        Entry(String name, String description, String arch, String fileName, String url, String sha256, String homepage,
              boolean runnable) {
            this.name = name;
            this.description = description;
            this.arch = arch;
            this.fileName = fileName;
            this.url = url == null ? null : URI.create(url);
            this.sha256 = sha256;
            this.homepage = homepage;
            this.runnable = runnable;
        }

        public boolean downloadable() {
            return url != null && sha256 != null;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s (%s, %s)%s", name, arch, fileName, runnable ? "" : " [not runnable yet]");
        }
    }

    private static final String SAM_HOME = "https://github.com/facebookresearch/segment-anything";

    private static final List<Entry> ENTRIES = List.of(
            new Entry("sam_vit_b", "Segment Anything ViT-B (91M parameters)", "vit_b", "sam_vit_b_01ec64.pth",
                    "https://dl.fbaipublicfiles.com/segment_anything/sam_vit_b_01ec64.pth",
                    "ec2df62732614e57411cdcf32a23ffdf28910380d03139ee0f4fcbe91eb8c912", SAM_HOME, true),
            new Entry("sam_vit_l", "Segment Anything ViT-L (308M parameters)", "vit_l", "sam_vit_l_0b3195.pth",
                    "https://dl.fbaipublicfiles.com/segment_anything/sam_vit_l_0b3195.pth",
                    "3adcc4315b642a4d2101128f611684e8734c41232a17c648ed1693702a49a622", SAM_HOME, true),
            new Entry("sam_vit_h", "Segment Anything ViT-H (636M parameters)", "vit_h", "sam_vit_h_4b8939.pth",
                    "https://dl.fbaipublicfiles.com/segment_anything/sam_vit_h_4b8939.pth",
                    "a7bf3b02f3ebf1267aba913ff637d9a2d5c33d3173bb679e46d9f338c26f262e", SAM_HOME, true),
            new Entry("mobile_sam", "MobileSAM (TinyViT encoder), micro-sam's mirror", "vit_t", "vit_t_mobile_sam.pth",
                    "https://owncloud.gwdg.de/index.php/s/TuDzuwVDHd1ZDnQ/download",
                    "6dbb90523a35330fedd7f1d3dfc66f995213d81b29a5ca8108dbcdd4e37d6c2f",
                    "https://github.com/ChaoningZhang/MobileSAM", true),
            new Entry("medsam_vit_b", "MedSAM (SAM ViT-B fine-tuned on medical images); download by hand", "vit_b",
                    "medsam_vit_b.pth", null, null, "https://github.com/bowang-lab/MedSAM", true));

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return ENTRIES.stream().filter(e -> e.name.equals(n) || e.fileName.equalsIgnoreCase(name.trim())).findFirst();
    }
}
