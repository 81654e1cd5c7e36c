package org.samtune.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable NIfTI-1 volume (truncated, bad magic, unsupported datatype, corrupt gzip). */
public class NiftiFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NiftiFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public NiftiFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
