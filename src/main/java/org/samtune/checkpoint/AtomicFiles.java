package org.samtune.checkpoint;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that readers (and a crash half-way) never see a partial file: the content goes to a
 * temporary file next to the target, is flushed to disk, and is then renamed over the target in one
 * atomic step. A checkpoint that is being replaced therefore stays intact until the new one is
 * complete; a failed write leaves no temporary file behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code target} through {@code body}. On any failure (including an exception thrown by
     * {@code body}) the temporary file is deleted, an existing {@code target} is left untouched and the
     * exception propagates.
     */
    public static void write(Path target, IOConsumer<OutputStream> body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // same folder: the rename stays within one file system, which is what makes it atomic
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                 OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
                body.accept(new NonClosingOutputStream(out));
                out.flush();
                fos.getChannel().force(true); // data on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // some network/FUSE file systems: fall back to a plain replacing rename
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting
                }
            }
        }
    }

    /** Lets the body wrap the stream (zip, buffers) and close its wrappers without closing ours early. */
    private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
        NonClosingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
