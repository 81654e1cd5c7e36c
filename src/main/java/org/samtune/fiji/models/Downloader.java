package org.samtune.fiji.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads a checkpoint safely: into {@code NAME.part} next to the target, resuming an interrupted
 * transfer with an HTTP Range request, verifying the SHA-256 and only then renaming the file into
 * place atomically, so a half-written or corrupt checkpoint never carries the final name.
 */
public final class Downloader {
    /** Called as bytes arrive; {@code total} is -1 when the server does not say. */
    public interface Progress {
        void update(long done, long total);
    }

    private final HttpClient client;

    public Downloader() {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build());
    }

    public Downloader(HttpClient client) {
        this.client = client;
    }

    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * Fetches {@code url} to {@code target}. A target that already has the expected hash is kept
     * without any network access. {@code sha256} may be null (no verification; not recommended).
     *
     * @throws ChecksumException when the finished file has another hash (the partial file is deleted)
     * @throws IOException on network errors (the partial file is kept for the next attempt)
     */
    public Path download(URI url, Path target, String sha256, Progress progress) throws IOException, InterruptedException {
        String expected = sha256 == null ? null : sha256.trim().toLowerCase(Locale.ROOT);
        if (expected != null && Files.isRegularFile(target) && expected.equals(sha256(target))) {
            return target;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = partFile(target);
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET().timeout(Duration.ofMinutes(30));
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            if (status == 416 && have > 0) {
                // nothing left to send: the part file may already be complete (checked below)
                in.transferTo(OutputStream.nullOutputStream());
            } else if (status == 206 && have > 0) {
                long total = totalOf(response, have);
                copy(in, part, true, have, total, progress);
            } else if (status == 200) {
                // a server without range support sends everything again
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                copy(in, part, false, 0, total, progress);
            } else {
                throw new IOException("Download of " + url + " failed: HTTP " + status);
            }
        }
        if (expected != null) {
            String actual = sha256(part);
            if (!expected.equals(actual)) {
                Files.deleteIfExists(part);
                throw new ChecksumException(target.getFileName().toString(), expected, actual);
            }
        }
        return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The full size from "Content-Range: bytes a-b/total", else what is left plus what we have. */
    private static long totalOf(HttpResponse<?> response, long have) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        int slash = range.lastIndexOf('/');
        if (slash >= 0 && !range.endsWith("*")) {
            try {
                return Long.parseLong(range.substring(slash + 1).trim());
            } catch (NumberFormatException ignored) {
                // fall through
            }
        }
        long rest = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return rest < 0 ? -1 : have + rest;
    }

    private static void copy(InputStream in, Path part, boolean append, long done, long total, Progress progress) throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                done += n;
                if (progress != null) {
                    progress.update(done, total);
                }
            }
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
