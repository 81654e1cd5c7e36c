package org.samtune.io;

import java.nio.file.Path;

/** An image volume and its label volume (NIfTI, same grid); {@code name} identifies the case in reports. */
public record VolumePair(String name, Path image, Path label) {

    /** A pair named after the image file. */
    public static VolumePair of(Path image, Path label) {
        return new VolumePair(VolumeFolders.caseName(image.getFileName().toString()), image, label);
    }
}
