package org.samtune.checkpoint;

/** A checkpoint could not be read, written or matched to a model; the message names the file and keys. */
public class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
