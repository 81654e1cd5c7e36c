package org.samtune.predict;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the image embeddings of the last few images (least recently used first out), so returning
 * to a slice or image does not rerun the encoder. Keys are the image content (size and an
 * SHA-256 of the pixels) plus the preprocessing, so an edited image is never served a stale
 * embedding. Evicted embeddings are closed.
 */
final class EmbeddingCache implements AutoCloseable {
    private final int capacity;
    private final LinkedHashMap<String, NDArray> entries = new LinkedHashMap<>(16, 0.75f, true);

    EmbeddingCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    static String key(RgbImage image, InputPreprocessing preprocessing) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] digest = md.digest(image.data());
            return image.width() + "x" + image.height() + ":" + preprocessing + ":" + Arrays.toString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    NDArray get(String key) {
        return entries.get(key);
    }

    void put(String key, NDArray embedding) {
        NDArray old = entries.put(key, embedding);
        if (old != null && old != embedding) {
            old.close();
        }
        Iterator<Map.Entry<String, NDArray>> it = entries.entrySet().iterator();
        while (entries.size() > capacity && it.hasNext()) {
            Map.Entry<String, NDArray> eldest = it.next();
            if (eldest.getValue() != embedding) {
                eldest.getValue().close();
                it.remove();
            }
        }
    }

    int size() {
        return entries.size();
    }

    @Override
    public void close() {
        entries.values().forEach(NDArray::close);
        entries.clear();
    }
}
