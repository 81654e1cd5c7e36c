package org.samtune.fiji.models;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samtune.Fixtures;
import org.samtune.fiji.EngineTruth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Downloads from a local HTTP server on 127.0.0.1 serving the sam-tiny checkpoint, with Range support. */
class DownloaderTest {
    @TempDir
    Path tmp;

    HttpServer server;
    byte[] body;
    String sha;
    final List<String> ranges = new ArrayList<>();
    /** When > 0, the next response sends only this many bytes and drops the connection. */
    final AtomicInteger cutAfter = new AtomicInteger();
    volatile boolean rangeSupport = true;

    @BeforeEach
    void start() throws Exception {
        body = Files.readAllBytes(Fixtures.file("sam-tiny/model.pth"));
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/model.pth", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/model.pth");
    }

    void serve(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "none" : range);
        int from = 0;
        int status = 200;
        if (range != null && rangeSupport) {
            from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
            if (from >= body.length) {
                ex.sendResponseHeaders(416, -1);
                ex.close();
                return;
            }
            status = 206;
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
        }
        int length = body.length - from;
        ex.sendResponseHeaders(status, length);
        int cut = cutAfter.getAndSet(0);
        try (OutputStream out = ex.getResponseBody()) {
            if (cut > 0) {
                out.write(body, from, cut);
                out.flush();
                // leaving short of Content-Length makes the server drop the connection
                throw new IOException("simulated network failure");
            }
            out.write(body, from, length);
        }
    }

    @Test
    void downloadsVerifiesAndRenames() throws Exception {
        Path target = tmp.resolve("models/model.pth");
        List<long[]> progress = new ArrayList<>();
        Path got = new Downloader().download(url(), target, sha, (d, t) -> progress.add(new long[] {d, t}));
        assertEquals(target, got);
        assertArrayEquals(body, Files.readAllBytes(target));
        assertFalse(Files.exists(Downloader.partFile(target)));
        assertEquals(body.length, progress.get(progress.size() - 1)[0]);
        assertEquals(body.length, progress.get(progress.size() - 1)[1]);
        assertEquals(List.of("none"), ranges);
        // already there with the right hash: no request at all
        new Downloader().download(url(), target, sha.toUpperCase(), null);
        assertEquals(1, ranges.size());
    }

    @Test
    void resumesAnInterruptedTransferWithARangeRequest() throws Exception {
        Path target = tmp.resolve("model.pth");
        int cut = body.length / 3;
        cutAfter.set(cut);
        assertThrows(IOException.class, () -> new Downloader().download(url(), target, sha, null));
        assertFalse(Files.exists(target), "no file under the final name after a failure");
        Path part = Downloader.partFile(target);
        assertEquals(cut, Files.size(part), "the received bytes are kept");
        List<long[]> progress = new ArrayList<>();
        new Downloader().download(url(), target, sha, (d, t) -> progress.add(new long[] {d, t}));
        assertEquals(List.of("none", "bytes=" + cut + "-"), ranges);
        assertTrue(progress.get(0)[0] > cut, "progress counts the resumed bytes");
        assertEquals(body.length, progress.get(0)[1]);
        assertArrayEquals(body, Files.readAllBytes(target));
        assertFalse(Files.exists(part));
    }

    @Test
    void serverWithoutRangeSupportStartsOver() throws Exception {
        rangeSupport = false;
        Path target = tmp.resolve("model.pth");
        Files.write(Downloader.partFile(target), new byte[] {1, 2, 3, 4, 5});
        new Downloader().download(url(), target, sha, null);
        assertArrayEquals(body, Files.readAllBytes(target));
    }

    @Test
    void checksumMismatchIsAnErrorAndLeavesNothing() throws Exception {
        Path target = tmp.resolve("model.pth");
        String wrong = "0".repeat(64);
        ChecksumException e = assertThrows(ChecksumException.class, () -> new Downloader().download(url(), target, wrong, null));
        assertEquals(sha, e.actual);
        assertEquals(wrong, e.expected);
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(Downloader.partFile(target)));
        assertTrue(e.getMessage().contains(sha), e.getMessage());
    }

    @Test
    void httpErrorsAreReported() {
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing.pth");
        IOException e = assertThrows(IOException.class, () -> new Downloader().download(missing, tmp.resolve("x.pth"), sha, null));
        assertTrue(e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void registryEntriesAreWellFormed() {
        assertTrue(ModelRegistry.find("sam_vit_b").isPresent());
        for (ModelRegistry.Entry e : ModelRegistry.entries()) {
            if (e.sha256 != null) {
                assertTrue(e.sha256.matches("[0-9a-f]{64}"), e.name);
            }
            if (e.url != null) {
                assertEquals("https", e.url.getScheme(), e.name);
            }
        }
        assertFalse(ModelRegistry.find("medsam_vit_b").get().downloadable(), "no published direct link/checksum");
    }

    @Test
    void modelFolderListsCheckpointsWithArchitectureAndMethod() throws Exception {
        Path folder = tmp.resolve("models");
        Files.createDirectories(folder);
        Files.copy(EngineTruth.checkpoint().toPath(), folder.resolve("tiny.pth"));
        Files.copy(Fixtures.file("sam-tiny-lora/model.pth"), folder.resolve("tiny-lora.pth"));
        Files.writeString(folder.resolve("broken.pth"), "not a checkpoint");
        Files.writeString(folder.resolve("notes.txt"), "ignored");
        List<ModelFolder.Entry> entries = ModelFolder.list(folder);
        assertEquals(3, entries.size());
        assertEquals("broken.pth", entries.get(0).file.getFileName().toString());
        assertNull(entries.get(0).info);
        assertTrue(entries.get(0).describe().startsWith("unreadable"));
        assertEquals("tiny-lora.pth", entries.get(1).file.getFileName().toString());
        assertEquals(org.samtune.checkpoint.ArchitectureInfo.Method.LORA, entries.get(1).info.method);
        assertEquals(org.samtune.checkpoint.ArchitectureInfo.Method.NONE, entries.get(2).info.method);
        assertTrue(entries.get(2).describe().contains("plain SAM"), entries.get(2).describe());
        assertTrue(ModelFolder.list(tmp.resolve("absent")).isEmpty());
    }
}
