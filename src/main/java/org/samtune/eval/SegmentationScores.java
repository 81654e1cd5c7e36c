package org.samtune.eval;

/**
 * All metrics of one prediction against one ground truth (conventions in {@link SegmentationMetrics} and
 * {@link SurfaceDistances}). Distances are in spacing units (mm for NIfTI volumes).
 *
 * @param dice           2|P∩G| / (|P| + |G|)
 * @param iou            |P∩G| / |P∪G|
 * @param precision      |P∩G| / |P|
 * @param recall         |P∩G| / |G|
 * @param hausdorff      largest surface distance either way
 * @param hd95           larger of the two directed 95th-percentile surface distances
 * @param assd           mean of the pooled directed surface distances
 * @param nsd            normalized surface Dice at {@code nsdTolerance}
 * @param nsdTolerance   tolerance used for {@code nsd}
 * @param predVoxels     |P|
 * @param gtVoxels       |G|
 * @param intersection   |P∩G|
 */
public record SegmentationScores(double dice, double iou, double precision, double recall, double hausdorff,
                                 double hd95, double assd, double nsd, double nsdTolerance, long predVoxels,
                                 long gtVoxels, long intersection) {}
