package org.samtune.fiji.models;

import java.io.IOException;

/** A downloaded file does not have the published SHA-256 (it was deleted). */
public final class ChecksumException extends IOException {
    public final String expected;
    public final String actual;

    public ChecksumException(String file, String expected, String actual) {
        super(file + ": SHA-256 is " + actual + " but " + expected + " was expected; the download was discarded");
        this.expected = expected;
        this.actual = actual;
    }
}
