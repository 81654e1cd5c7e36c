package org.samtune.train;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code skimage.measure.label(mask, connectivity=2)}: 8-connected regions of equal non-zero value (pixels with
 * different non-zero values are different regions). Region ids are 1.., in raster order of each region's first
 * pixel, as skimage numbers them.
 */
public final class ConnectedRegions {

    /** One region: its id, area and tight bounding box (inclusive). */
    public record Region(int id, int area, int minX, int minY, int maxX, int maxY) {}

    private final int width;
    private final int height;
    private final int[] labels;
    private final List<Region> regions;

    private ConnectedRegions(int width, int height, int[] labels, List<Region> regions) {
        this.width = width;
        this.height = height;
        this.labels = labels;
        this.regions = regions;
    }

    public static ConnectedRegions of(int[] mask, int width, int height) {
        int[] lab = new int[mask.length];
        List<Region> regions = new ArrayList<>();
        int[] stack = new int[Math.max(16, mask.length)];
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (mask[start] == 0 || lab[start] != 0) {
                continue;
            }
            int id = ++next;
            int value = mask[start];
            int sp = 0;
            stack[sp++] = start;
            lab[start] = id;
            int area = 0;
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            while (sp > 0) {
                int p = stack[--sp];
                int px = p % width;
                int py = p / width;
                area++;
                minX = Math.min(minX, px);
                maxX = Math.max(maxX, px);
                minY = Math.min(minY, py);
                maxY = Math.max(maxY, py);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = py + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        if (nx < 0 || nx >= width || (dx == 0 && dy == 0)) {
                            continue;
                        }
                        int q = ny * width + nx;
                        if (lab[q] == 0 && mask[q] == value) {
                            lab[q] = id;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            regions.add(new Region(id, area, minX, minY, maxX, maxY));
        }
        return new ConnectedRegions(width, height, lab, List.copyOf(regions));
    }

    /** Region id per pixel (0 = background). */
    public int[] labels() {
        return labels;
    }

    /** Regions in id order. */
    public List<Region> regions() {
        return regions;
    }

    /**
     * Regions sorted as finetune-SAM sorts them: {@code sorted(zip(area_ratio, id))} reversed, i.e. by area
     * descending, ties broken by the higher id first.
     */
    public List<Region> largestFirst() {
        List<Region> s = new ArrayList<>(regions);
        s.sort((a, b) -> a.area() != b.area() ? Integer.compare(b.area(), a.area()) : Integer.compare(b.id(), a.id()));
        return s;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
