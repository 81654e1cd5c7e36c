package org.samtune.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a SAM checkpoint's architecture off its keys and tensor shapes, so users need not say which
 * model a file holds. Works on shapes alone ({@link #infer(Map)}), so it also runs on key listings.
 *
 * <p>What the shapes determine (ViT encoder): patch size and input channels (patch_embed kernel),
 * embed_dim (its out-channels), depth (block count), head count (rel_pos tables hold head_dim
 * columns), window size and global blocks (rel_pos lengths 2*window-1 vs 2*grid-1), image size
 * (pos_embed grid), MLP width, neck width, prompt/decoder widths, mask-token count, decoder depth,
 * attention downsampling and IoU head. What they never determine: the mask decoder's head count
 * (q/k/v are full-width linears whatever the split). It is taken as SAM's 8 when the decoder has SAM's
 * standard sizes, and otherwise reported in {@link ArchitectureInfo#notInferred}. Without rel_pos
 * (use_rel_pos=False) the encoder's head count and windows are not determined either.
 */
public final class ArchitectureInference {
    private static final Pattern VIT_BLOCK = Pattern.compile("^image_encoder\\.blocks\\.(\\d+)\\.");
    private static final Pattern TINY_BLOCK = Pattern.compile("^image_encoder\\.layers\\.(\\d+)\\.blocks\\.(\\d+)\\.");
    private static final Pattern DEC_LAYER = Pattern.compile("^mask_decoder\\.transformer\\.layers\\.(\\d+)\\.");
    private static final Pattern IOU_LAYER = Pattern.compile("^mask_decoder\\.iou_prediction_head\\.layers\\.(\\d+)\\.weight$");
    /** finetune-SAM's encoder LoRA ({@code linear_a_q}) or SAM Tune's per-head TinyViT variant ({@code head_a_q}). */
    private static final Pattern ENC_LORA = Pattern.compile("^image_encoder\\.((?:layers\\.\\d+\\.)?blocks\\.\\d+)\\.attn\\.qkv\\.(linear|head)_a_q\\.weight$");
    private static final Pattern DEC_LORA = Pattern.compile("^mask_decoder\\.transformer\\..*\\.(q|v)_proj\\.w_a\\.weight$");
    private static final Pattern ENC_ADAPTER = Pattern.compile("^image_encoder\\.((?:layers\\.\\d+\\.)?blocks\\.\\d+)\\.(MLP|Space|Depth)_Adapter\\.");
    private static final Pattern DEC_ADAPTER = Pattern.compile("^mask_decoder\\.transformer\\.(layers\\.\\d+)\\.(MLP_Adapter|Adapter)\\.");

    private ArchitectureInference() {}

    public static ArchitectureInfo infer(StateDict sd) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : sd.tensors().entrySet()) {
            shapes.put(e.getKey(), e.getValue().shape());
        }
        try {
            return infer(shapes);
        } catch (CheckpointException e) {
            throw new CheckpointException(sd.sourceName() + ": " + e.getMessage(), e);
        }
    }

    /** Infers from key -> shape (state_dict order does not matter). */
    public static ArchitectureInfo infer(Map<String, long[]> shapes) {
        Map<String, long[]> s = stripModulePrefix(shapes);
        ArchitectureInfo a = new ArchitectureInfo();
        if (s.containsKey("image_encoder.patch_embed.proj.weight")) {
            a.encoder = ArchitectureInfo.Encoder.VIT;
            inferVit(s, a);
        } else if (s.containsKey("image_encoder.patch_embed.seq.0.c.weight")) {
            a.encoder = ArchitectureInfo.Encoder.TINY_VIT;
            inferTinyVit(s, a);
        } else {
            throw new CheckpointException("not a SAM checkpoint: it has no image_encoder.patch_embed weights"
                    + " (first keys: " + firstKeys(s) + ")");
        }
        inferPromptAndDecoder(s, a);
        inferFinetune(s, a);
        choosePreset(a);
        return a;
    }

    // ---------------------------------------------------------------------------------------- encoders

    private static void inferVit(Map<String, long[]> s, ArchitectureInfo a) {
        long[] patch = s.get("image_encoder.patch_embed.proj.weight"); // (embed_dim, in_chans, p, p)
        a.embedDim = (int) patch[0];
        a.inChans = (int) patch[1];
        a.patchSize = (int) patch[2];
        TreeSet<Integer> blocks = indices(s, VIT_BLOCK);
        a.depth = blocks.size();
        if (a.depth == 0) {
            throw new CheckpointException("not a SAM checkpoint: image encoder without blocks");
        }
        a.qkvBias = s.containsKey("image_encoder.blocks.0.attn.qkv.bias") || s.containsKey("image_encoder.blocks.0.attn.qkv.qkv.bias");
        long[] lin1 = s.get("image_encoder.blocks.0.mlp.lin1.weight"); // (mlp_dim, embed_dim)
        a.mlpDim = lin1 == null ? -1 : (int) lin1[0];
        if (lin1 == null) {
            a.notInferred.add("mlp_ratio");
        }
        long[] neck = s.get("image_encoder.neck.0.weight"); // (out_chans, embed_dim, 1, 1)
        a.outChans = neck == null ? -1 : (int) neck[0];

        long[] pos = s.get("image_encoder.pos_embed"); // (1, grid, grid, embed_dim)
        a.useAbsPos = pos != null;
        int grid = pos != null ? (int) pos[1] : -1;

        a.useRelPos = s.containsKey("image_encoder.blocks.0.attn.rel_pos_h");
        if (a.useRelPos) {
            // rel_pos_h: (2*size-1, head_dim), size = the window for windowed blocks, the token grid for global ones
            long[] rp = s.get("image_encoder.blocks.0.attn.rel_pos_h");
            a.numHeads = (int) (a.embedDim / rp[1]);
            int[] sizes = new int[a.depth];
            int largest = 0;
            for (int i = 0; i < a.depth; i++) {
                long[] r = s.get("image_encoder.blocks." + i + ".attn.rel_pos_h");
                sizes[i] = r == null ? -1 : (int) ((r[0] + 1) / 2);
                largest = Math.max(largest, sizes[i]);
            }
            if (grid < 0) {
                grid = largest; // global blocks span the whole grid
                a.notes.add("no pos_embed: image size taken from the largest rel_pos table");
            }
            List<Integer> global = new ArrayList<>();
            int window = 0;
            for (int i = 0; i < a.depth; i++) {
                if (sizes[i] == grid) {
                    global.add(i);
                } else if (window == 0) {
                    window = sizes[i];
                } else if (sizes[i] != window) {
                    a.notes.add("blocks use different window sizes (" + window + ", " + sizes[i] + ")");
                }
            }
            a.globalAttnIndexes = global.stream().mapToInt(Integer::intValue).toArray();
            a.windowSize = window; // 0: every block is global
        } else {
            a.notInferred.add("num_heads");
            a.notInferred.add("window_size");
            a.notInferred.add("global_attn_indexes");
        }
        if (grid > 0) {
            a.imgSize = grid * a.patchSize;
        } else {
            a.notInferred.add("img_size");
        }
    }

    private static void inferTinyVit(Map<String, long[]> s, ArchitectureInfo a) {
        Map<Integer, TreeSet<Integer>> stages = new java.util.TreeMap<>();
        for (String k : s.keySet()) {
            Matcher m = TINY_BLOCK.matcher(k);
            if (m.find()) {
                stages.computeIfAbsent(Integer.parseInt(m.group(1)), x -> new TreeSet<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        int n = stages.size();
        if (n == 0) {
            throw new CheckpointException("not a SAM checkpoint: TinyViT encoder without layers");
        }
        a.tinyDepths = new int[n];
        a.tinyEmbedDims = new int[n];
        a.tinyNumHeads = new int[n];
        a.tinyWindowSizes = new int[n];
        a.inChans = (int) s.get("image_encoder.patch_embed.seq.0.c.weight")[1];
        long[] stem = s.get("image_encoder.patch_embed.seq.2.c.weight"); // (embed_dims[0], ., 3, 3)
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> blocks = stages.get(i);
            a.tinyDepths[i] = blocks == null ? 0 : blocks.size();
            // a stage's width is the previous stage's downsampling output (the stem's for stage 0)
            long[] in = i == 0 ? stem : s.get("image_encoder.layers." + (i - 1) + ".downsample.conv1.c.weight");
            a.tinyEmbedDims[i] = in == null ? -1 : (int) in[0];
            // attention_biases: (num_heads, window*window) -- one bias per head and relative offset
            long[] ab = s.get("image_encoder.layers." + i + ".blocks.0.attn.attention_biases");
            if (ab != null) {
                a.tinyNumHeads[i] = (int) ab[0];
                a.tinyWindowSizes[i] = (int) Math.round(Math.sqrt(ab[1]));
            }
        }
        long[] neck = s.get("image_encoder.neck.0.weight");
        a.outChans = neck == null ? -1 : (int) neck[0];
        a.imgSize = 1024; // TinyViT has no position table: the input size is a build-time choice
        a.notes.add("TinyViT input size assumed 1024 (not stored in the checkpoint)");
        // widths of the MBConv expansion (conv1: hidden x dim), the MLP (fc1: hidden x dim), the local conv kernel
        long[] mb = s.get("image_encoder.layers.0.blocks.0.conv1.c.weight");
        a.tinyMbconvExpandRatio = mb == null ? -1 : (double) mb[0] / mb[1];
        long[] fc1 = n > 1 ? s.get("image_encoder.layers.1.blocks.0.mlp.fc1.weight") : null;
        a.tinyMlpRatio = fc1 == null ? -1 : (double) fc1[0] / fc1[1];
        long[] lc = n > 1 ? s.get("image_encoder.layers.1.blocks.0.local_conv.c.weight") : null;
        a.tinyLocalConvSize = lc == null ? -1 : (int) lc[2];
        long[] head = s.get("image_encoder.head.weight");
        a.tinyNumClasses = head == null ? 0 : (int) head[0];
        // Merge strides leave no trace in the weights. finetune-SAM's forward hard-codes a 64x64 output
        // (view(B, 64, 64, C)) at 1024, which with a 256 grid after the stem means stride 2 for every merge
        // but the last (TinyViT's out_dim rule gives exactly that for every released model).
        a.tinyPatchMergingStrides = new int[Math.max(0, n - 1)];
        Arrays.fill(a.tinyPatchMergingStrides, 2);
        if (n > 1) {
            a.tinyPatchMergingStrides[n - 2] = 1;
        }
        if (mb == null || fc1 == null || lc == null) {
            a.notInferred.add("mbconv_expand_ratio / mlp_ratio / local_conv_size");
        }
    }

    // ------------------------------------------------------------------------- prompt encoder / decoder

    private static void inferPromptAndDecoder(Map<String, long[]> s, ArchitectureInfo a) {
        long[] tokens = s.get("mask_decoder.mask_tokens.weight"); // (num_mask_tokens, transformer_dim)
        if (tokens == null) {
            throw new CheckpointException("not a full SAM checkpoint: mask_decoder.mask_tokens.weight is missing");
        }
        a.numMaskTokens = (int) tokens[0];
        a.promptEmbedDim = (int) tokens[1];
        // mask_downscaling.3: Conv2d(mask_in_chans // 4, mask_in_chans, 2, stride 2)
        long[] md = s.get("prompt_encoder.mask_downscaling.3.weight");
        a.maskInChans = md == null ? -1 : (int) md[0];
        if (md == null) {
            a.notInferred.add("mask_in_chans");
        }
        a.transformerDepth = indices(s, DEC_LAYER).size();
        long[] mlp = s.get("mask_decoder.transformer.layers.0.mlp.lin1.weight");
        a.transformerMlpDim = mlp == null ? -1 : (int) mlp[0];
        // cross attention projects to embedding_dim / downsample_rate
        long[] q = first(s, "mask_decoder.transformer.layers.0.cross_attn_token_to_image.q_proj.weight",
                "mask_decoder.transformer.layers.0.cross_attn_token_to_image.q_proj.proj.weight");
        a.attentionDownsampleRate = q == null ? -1 : (int) (a.promptEmbedDim / q[0]);
        a.iouHeadDepth = indices(s, IOU_LAYER).size();
        long[] iou0 = s.get("mask_decoder.iou_prediction_head.layers.0.weight");
        a.iouHeadHiddenDim = iou0 == null ? -1 : (int) iou0[0];
        boolean standardDecoder = a.promptEmbedDim == 256 && a.transformerMlpDim == 2048 && a.transformerDepth == 2
                && a.attentionDownsampleRate == 2;
        if (standardDecoder) {
            a.transformerNumHeads = 8;
        } else {
            a.notInferred.add("transformer_num_heads");
        }
    }

    private static void inferFinetune(Map<String, long[]> s, ArchitectureInfo a) {
        TreeSet<String> encLora = new TreeSet<>(ArchitectureInference::compareModulePaths);
        TreeSet<String> encAdapter = new TreeSet<>(ArchitectureInference::compareModulePaths);
        TreeSet<String> decAdapter = new TreeSet<>(ArchitectureInference::compareModulePaths);
        for (Map.Entry<String, long[]> e : s.entrySet()) {
            String k = e.getKey();
            Matcher m = ENC_LORA.matcher(k);
            if (m.matches()) {
                encLora.add(m.group(1));
                a.loraRank = (int) e.getValue()[0]; // linear_a_q: (r, dim)
                a.encoderLoraPerHead |= m.group(2).equals("head");
            }
            if (DEC_LORA.matcher(k).matches()) {
                a.decoderLora = true;
                if (a.loraRank < 0) {
                    a.loraRank = (int) e.getValue()[0]; // w_a: (r, dim)
                }
            }
            m = ENC_ADAPTER.matcher(k);
            if (m.find()) {
                encAdapter.add(m.group(1));
                if (a.adapterHiddenDim < 0 && k.endsWith("MLP_Adapter.D_fc1.weight")) {
                    a.adapterHiddenDim = (int) e.getValue()[0]; // D_fc1: (hidden, dim)
                }
            }
            m = DEC_ADAPTER.matcher(k);
            if (m.find()) {
                decAdapter.add(m.group(1));
            }
        }
        a.encoderLoraBlocks = new ArrayList<>(encLora);
        a.encoderAdapterBlocks = new ArrayList<>(encAdapter);
        a.decoderAdapterLayers = new ArrayList<>(decAdapter);
        boolean lora = !encLora.isEmpty() || a.decoderLora;
        boolean adapter = !encAdapter.isEmpty() || !decAdapter.isEmpty();
        a.method = lora && adapter ? ArchitectureInfo.Method.LORA_AND_ADAPTER
                : lora ? ArchitectureInfo.Method.LORA
                : adapter ? ArchitectureInfo.Method.ADAPTER : ArchitectureInfo.Method.NONE;
        if (a.method == ArchitectureInfo.Method.NONE && a.numMaskTokens != 4) {
            a.notes.add(a.numMaskTokens + " mask tokens (SAM has 4): probably a finetune-SAM checkpoint with num_cls="
                    + (a.numMaskTokens - 1));
        }
    }

    private static void choosePreset(ArchitectureInfo a) {
        if (a.encoder == ArchitectureInfo.Encoder.TINY_VIT) {
            boolean mobileSam = Arrays.equals(a.tinyEmbedDims, new int[] {64, 128, 160, 320})
                    && Arrays.equals(a.tinyDepths, new int[] {2, 2, 6, 2});
            a.preset = mobileSam && a.promptEmbedDim == 256 ? "vit_t" : "custom";
            return;
        }
        String name;
        int[] global;
        switch (a.embedDim) {
            case 768: name = a.depth == 12 ? "vit_b" : null; global = new int[] {2, 5, 8, 11}; break;
            case 1024: name = a.depth == 24 ? "vit_l" : null; global = new int[] {5, 11, 17, 23}; break;
            case 1280: name = a.depth == 32 ? "vit_h" : null; global = new int[] {7, 15, 23, 31}; break;
            default: name = null; global = null;
        }
        boolean standard = name != null && a.patchSize == 16 && a.imgSize == 1024 && a.inChans == 3
                && a.promptEmbedDim == 256 && a.outChans == 256 && a.useRelPos && a.windowSize == 14
                && Arrays.equals(a.globalAttnIndexes, global) && a.mlpDim == 4 * a.embedDim
                && a.transformerNumHeads == 8 && a.iouHeadDepth == 3 && a.iouHeadHiddenDim == 256 && a.maskInChans == 16;
        if (standard) {
            a.preset = name;
        } else {
            a.preset = "custom";
            if (name != null) {
                a.notes.add("widths of " + name + " but other sizes differ from the preset");
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static Map<String, long[]> stripModulePrefix(Map<String, long[]> shapes) {
        if (shapes.isEmpty() || !shapes.keySet().stream().allMatch(k -> k.startsWith(Checkpoints.DATA_PARALLEL_PREFIX))) {
            return shapes;
        }
        Map<String, long[]> out = new LinkedHashMap<>();
        shapes.forEach((k, v) -> out.put(k.substring(Checkpoints.DATA_PARALLEL_PREFIX.length()), v));
        return out;
    }

    private static TreeSet<Integer> indices(Map<String, long[]> s, Pattern p) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String k : s.keySet()) {
            Matcher m = p.matcher(k);
            if (m.find()) {
                out.add(Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    private static long[] first(Map<String, long[]> s, String... keys) {
        for (String k : keys) {
            if (s.containsKey(k)) {
                return s.get(k);
            }
        }
        return null;
    }

    /** Orders "blocks.2" before "blocks.10" (numeric parts compared as numbers). */
    static int compareModulePaths(String x, String y) {
        String[] a = x.split("\\.");
        String[] b = y.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c;
            if (a[i].matches("\\d+") && b[i].matches("\\d+")) {
                c = Integer.compare(Integer.parseInt(a[i]), Integer.parseInt(b[i]));
            } else {
                c = a[i].compareTo(b[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }

    private static String firstKeys(Map<String, long[]> s) {
        List<String> keys = new ArrayList<>();
        for (String k : s.keySet()) {
            if (keys.size() == 3) {
                keys.add("...");
                break;
            }
            keys.add(k);
        }
        return String.join(", ", keys);
    }
}
