package org.samtune.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder of single-frame DICOM files read as one volume, through ImageJ 1.x ({@link DicomSlice}; headless-safe).
 *
 * <p>Values are float32 after the modality rescale (stored * RescaleSlope + RescaleIntercept, per file), i.e. HU
 * for CT. Layout, x fastest: x = DICOM column, y = DICOM row, z = slice, so {@code voxels[c + width*(r +
 * height*k)]} is row r, column c of the k-th slice; this is ImageJ's x/y and the i/j of common DICOM-to-NIfTI
 * converters.
 *
 * <p>Slice order: by ImagePositionPatient projected on the slice normal (row cosines x column cosines of
 * ImageOrientationPatient), ascending; when a file lacks position or orientation, by InstanceNumber. Spacing:
 * PixelSpacing (column spacing for x, row spacing for y) and, along z, the mean distance between consecutive
 * slice positions (else SpacingBetweenSlices, else SliceThickness, else 1 with a warning).
 *
 * <p>Refused, with the files named: a folder mixing series (different SeriesInstanceUID) or image sizes, slices
 * of different orientation, two slices at the same position, and DICOM files ImageJ cannot decode. Files that are
 * not DICOM (no "DICM" marker and not readable by ImageJ), hidden files and DICOMDIR are skipped.
 */
public final class DicomSeries {
    private static final double SAME_POSITION = 1e-4; // mm

    private final List<Path> files;
    private final int width;
    private final int height;
    private final float[] voxels;
    private final double[] spacing;
    private final String seriesUid;
    private final double[] positions;
    private final double[][] geometry; // row cosines, column cosines, normal, origin (first slice); null if unknown
    private final List<String> warnings;

    private DicomSeries(List<DicomSlice> slices, double[] positions, double zSpacing, double[][] geometry,
                        List<String> warnings) {
        DicomSlice first = slices.get(0);
        this.files = slices.stream().map(s -> s.file).toList();
        this.width = first.columns;
        this.height = first.rows;
        int plane = width * height;
        this.voxels = new float[plane * slices.size()];
        for (int k = 0; k < slices.size(); k++) {
            DicomSlice s = slices.get(k);
            for (int i = 0; i < plane; i++) {
                voxels[k * plane + i] = s.value(i);
            }
        }
        double[] ps = first.pixelSpacing;
        if (ps == null) {
            warnings.add(first.file + ": no PixelSpacing; using 1 mm");
        }
        this.spacing = new double[] {ps == null ? 1 : ps[1], ps == null ? 1 : ps[0], zSpacing};
        this.seriesUid = first.seriesUid;
        this.positions = positions;
        this.geometry = geometry;
        this.warnings = List.copyOf(warnings);
    }

    /** Reads every DICOM file of {@code folder} (not its subfolders) as one series. */
    public static DicomSeries read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("not a folder: " + folder);
        }
        List<Path> candidates;
        try (Stream<Path> s = Files.list(folder)) {
            candidates = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().equalsIgnoreCase("DICOMDIR"))
                    .sorted().toList();
        }
        List<DicomSlice> slices = new ArrayList<>();
        for (Path p : candidates) {
            DicomSlice s = DicomSlice.read(p);
            if (s != null) {
                slices.add(s);
            }
        }
        if (slices.isEmpty()) {
            throw new IOException(folder + ": no DICOM image files found (" + candidates.size() + " files looked at)");
        }
        checkOneSeries(folder, slices);
        return order(folder, slices);
    }

    private static void checkOneSeries(Path folder, List<DicomSlice> slices) throws IOException {
        Map<String, List<DicomSlice>> bySeries = new LinkedHashMap<>();
        for (DicomSlice s : slices) {
            bySeries.computeIfAbsent(s.seriesUid + " " + s.columns + "x" + s.rows, k -> new ArrayList<>()).add(s);
        }
        if (bySeries.size() == 1) {
            return;
        }
        boolean oneUid = slices.stream().map(s -> s.seriesUid).distinct().count() == 1;
        StringBuilder sb = new StringBuilder(folder + (oneUid
                ? ": the files have different image sizes; one series of equal-sized slices is expected:"
                : ": the folder mixes " + bySeries.size() + " series; put each series in its own folder:"));
        for (List<DicomSlice> group : bySeries.values()) {
            DicomSlice g = group.get(0);
            sb.append("\n  SeriesInstanceUID ").append(g.seriesUid.isEmpty() ? "(none)" : g.seriesUid)
                    .append(", ").append(g.columns).append("x").append(g.rows).append(" pixels, ")
                    .append(group.size()).append(" file(s): ");
            for (int i = 0; i < Math.min(3, group.size()); i++) {
                sb.append(i == 0 ? "" : ", ").append(group.get(i).file.getFileName());
            }
            if (group.size() > 3) {
                sb.append(", ...");
            }
        }
        throw new IOException(sb.toString());
    }

    private static DicomSeries order(Path folder, List<DicomSlice> slices) throws IOException {
        List<String> warnings = new ArrayList<>();
        boolean positioned = slices.stream().allMatch(s -> s.position != null && s.orientation != null);
        if (!positioned) {
            boolean numbered = slices.stream().allMatch(s -> s.instanceNumber != null);
            if (numbered) {
                slices.sort(Comparator.comparingInt(s -> s.instanceNumber));
            } else if (slices.size() > 1) {
                warnings.add(folder + ": no ImagePositionPatient and no InstanceNumber; slices in file name order");
            }
            double z = slices.get(0).sliceSpacing;
            if (Double.isNaN(z) || z <= 0) {
                z = 1;
                if (slices.size() > 1) {
                    warnings.add(folder + ": no slice positions, SpacingBetweenSlices or SliceThickness; "
                            + "using 1 mm between slices");
                }
            }
            return new DicomSeries(slices, null, z, null, warnings);
        }
        double[] o = slices.get(0).orientation;
        for (DicomSlice s : slices) {
            for (int i = 0; i < 6; i++) {
                if (Math.abs(s.orientation[i] - o[i]) > 1e-4) {
                    throw new IOException(folder + ": slices of different orientation (ImageOrientationPatient "
                            + slices.get(0).file.getFileName() + " vs " + s.file.getFileName() + ")");
                }
            }
        }
        double[] row = {o[0], o[1], o[2]};
        double[] col = {o[3], o[4], o[5]};
        double[] normal = {row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2],
            row[0] * col[1] - row[1] * col[0]};
        slices.sort(Comparator.comparingDouble(s -> dot(s.position, normal)));
        double[] d = slices.stream().mapToDouble(s -> dot(s.position, normal)).toArray();
        for (int k = 1; k < d.length; k++) {
            if (d[k] - d[k - 1] < SAME_POSITION) {
                throw new IOException(folder + ": " + slices.get(k - 1).file.getFileName() + " and "
                        + slices.get(k).file.getFileName() + " lie at the same slice position " + d[k]
                        + " (several time points or echoes in one folder?)");
            }
        }
        double z;
        if (d.length > 1) {
            z = (d[d.length - 1] - d[0]) / (d.length - 1);
            for (int k = 1; k < d.length; k++) {
                if (Math.abs(d[k] - d[k - 1] - z) > 1e-3 * z + 1e-4) {
                    warnings.add(folder + ": uneven slice spacing (" + (d[k] - d[k - 1]) + " mm between "
                            + slices.get(k - 1).file.getFileName() + " and " + slices.get(k).file.getFileName()
                            + ", mean " + z + " mm); the volume assumes the mean");
                    break;
                }
            }
        } else {
            z = Double.isNaN(slices.get(0).sliceSpacing) ? 1 : slices.get(0).sliceSpacing;
        }
        double[][] geometry = {row, col, normal, slices.get(0).position.clone()};
        return new DicomSeries(slices, d, z, geometry, warnings);
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    // ---- accessors

    /** Columns per slice (x). */
    public int width() {
        return width;
    }

    /** Rows per slice (y). */
    public int height() {
        return height;
    }

    /** Number of slices (z). */
    public int depth() {
        return files.size();
    }

    /** Rescaled values (HU for CT), x fastest (not a copy). */
    public float[] voxels() {
        return voxels;
    }

    /** Value at column x, row y, slice z. */
    public float get(int x, int y, int z) {
        return voxels[x + width * (y + height * z)];
    }

    /** Voxel size (x = between columns, y = between rows, z = between slices) in mm (a copy). */
    public double[] spacing() {
        return spacing.clone();
    }

    /** The files in slice order. */
    public List<Path> files() {
        return files;
    }

    public String seriesInstanceUid() {
        return seriesUid;
    }

    /** True when the slices were ordered by ImagePositionPatient (else by InstanceNumber). */
    public boolean orderedByPosition() {
        return positions != null;
    }

    /** Slice positions along the normal in mm (ascending), or null when ordered by InstanceNumber. */
    public double[] slicePositions() {
        return positions == null ? null : positions.clone();
    }

    /** Things that were guessed (missing spacing, uneven slice distances). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The volume as a float32 NIfTI image (x, y, z as above) with its spacing. When the slices carry positions,
     * the sform (code 1, scanner) maps voxels to RAS millimetres: DICOM's LPS axes with x and y negated.
     */
    public NiftiImage toNifti() {
        NiftiImage img = new NiftiImage(new int[] {width, height, depth()}, NiftiDataType.FLOAT32);
        for (int i = 0; i < voxels.length; i++) {
            img.set(i, voxels[i]);
        }
        img.setSpacing(spacing);
        img.setDescription("DICOM series " + seriesUid);
        if (geometry != null) {
            float[][] rows = new float[3][4];
            for (int r = 0; r < 3; r++) {
                double flip = r < 2 ? -1 : 1; // LPS -> RAS
                rows[r][0] = (float) (flip * geometry[0][r] * spacing[0]);
                rows[r][1] = (float) (flip * geometry[1][r] * spacing[1]);
                rows[r][2] = (float) (flip * geometry[2][r] * spacing[2]);
                rows[r][3] = (float) (flip * geometry[3][r]);
            }
            img.setSform(NiftiImage.XFORM_SCANNER_ANAT, rows[0], rows[1], rows[2]);
        }
        return img;
    }
}
