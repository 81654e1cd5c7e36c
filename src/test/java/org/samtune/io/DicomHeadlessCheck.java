package org.samtune.io;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;

/** Run in a child JVM by {@link DicomSeriesTest}: reads a series and prints a few values and the file order. */
public final class DicomHeadlessCheck {
    private DicomHeadlessCheck() {}

    public static void main(String[] args) throws Exception {
        DicomSeries s = DicomSeries.read(Path.of(args[0]));
        StringBuilder sb = new StringBuilder("headless=" + GraphicsEnvironment.isHeadless() + " values "
                + s.get(0, 0, 0) + " " + s.get(1, 0, 0) + " " + s.get(0, 0, 1) + " " + s.get(0, 0, 3) + " order");
        for (Path f : s.files()) {
            sb.append(' ').append(f.getFileName());
        }
        System.out.println(sb);
    }
}
