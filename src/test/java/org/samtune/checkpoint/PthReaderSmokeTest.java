package org.samtune.checkpoint;

import org.junit.jupiter.api.Test;
import org.samtune.Fixtures;

import static org.junit.jupiter.api.Assertions.*;

class PthReaderSmokeTest {
    @Test
    void readsSamTinyKeysInFileOrder() {
        StateDict sd = PthReader.read(Fixtures.file("sam-tiny/model.pth"));
        String first = sd.tensors().keySet().iterator().next();
        assertEquals("image_encoder.pos_embed", first);
        assertArrayEquals(new long[] {1, 8, 8, 32}, sd.get("image_encoder.pos_embed").shape());
        assertArrayEquals(new long[] {2, 16}, sd.get("prompt_encoder.pe_layer.positional_encoding_gaussian_matrix").shape());
        long total = sd.tensors().values().stream().mapToLong(HostTensor::numel).sum();
        // config.json: 130796 parameters + the 2x16 Fourier buffer
        assertEquals(130796 + 32, total);
    }
}
