#!/usr/bin/python3
"""Reference values for org.samtune.eval.SegmentationMetrics, computed with numpy + scipy (Debian python3-scipy):

    /usr/bin/python3 src/test/python/metrics_reference.py

The conventions are those of MONAI's metrics (monai.metrics.utils.get_mask_edges / get_surface_distance), written
out here with scipy so that no MONAI install is needed:
  * surface voxels = mask XOR binary_erosion(mask) with the cross-shaped (4-/6-connected) structure and
    border_value=0, i.e. a foreground voxel is on the surface when one of its 2*ndim face neighbours is
    background or lies outside the image; axes of size 1 are squeezed away first;
  * directed distances = Euclidean distance (scipy distance_transform_edt with sampling=spacing) from each surface
    voxel of one mask to the nearest surface voxel of the other;
  * HD95 = max of the two directed 95th percentiles (numpy 'linear' percentile); HD = max of all distances;
  * ASSD = mean of the pooled directed distances of both masks;
  * NSD(tau) = (#pred surface voxels within tau + #gt surface voxels within tau) / (#pred + #gt surface voxels).

The masks are deterministic (ellipsoids XOR hashed noise) so that the Java test rebuilds them with the same formula
(SegmentationMetricsReferenceTest.shape). Output: Java lines to paste into that test.
"""
import numpy as np
from scipy import ndimage

M31 = 2 ** 31


def noise(coords, seed):
    """Integer hash of the voxel coordinates; identical arithmetic in the Java test."""
    h = seed * 2654435761
    for i, c in enumerate(coords):
        h += c * (73856093, 19349663, 83492791)[i]
    h %= M31
    for _ in range(2):
        h = (h * 1103515245 + 12345) % M31
    return (h >> 8) % 100


def shape(dims, center, radii, seed, noise_percent):
    """Ellipsoid sum(((c - center) / radius)^2) <= 1, XOR voxels whose hash is below noise_percent."""
    mask = np.zeros(dims, dtype=bool)
    for idx in np.ndindex(*dims):
        t = 0.0
        for c, m, r in zip(idx, center, radii):
            d = (c - m) / r
            t += d * d
        inside = t <= 1.0
        mask[idx] = inside != (noise(idx, seed) < noise_percent)
    return mask


def surface(mask):
    m = np.squeeze(mask)
    structure = ndimage.generate_binary_structure(m.ndim, 1)
    return (m & ~ndimage.binary_erosion(m, structure=structure, border_value=0)).reshape(mask.shape)


def directed(a_surface, b_surface, spacing):
    if not b_surface.any():
        return np.full(int(a_surface.sum()), np.inf)
    dist = ndimage.distance_transform_edt(~b_surface, sampling=spacing)
    return dist[a_surface]


def metrics(pred, gt, spacing, tolerances):
    inter = int((pred & gt).sum())
    p, g = int(pred.sum()), int(gt.sum())
    sp, sg = surface(pred), surface(gt)
    d_pg, d_gp = directed(sp, sg, spacing), directed(sg, sp, spacing)
    both = np.concatenate([d_pg, d_gp])
    out = {
        'pred': p, 'gt': g, 'inter': inter, 'predSurface': int(sp.sum()), 'gtSurface': int(sg.sum()),
        'dice': 2 * inter / (p + g), 'iou': inter / (p + g - inter), 'precision': inter / p, 'recall': inter / g,
        'hausdorff': float(both.max()),
        'hd95': float(max(np.percentile(d_pg, 95), np.percentile(d_gp, 95))),
        'assd': float(both.mean()),
    }
    for tau in tolerances:
        out['nsd%g' % tau] = float(((d_pg <= tau).sum() + (d_gp <= tau).sum()) / both.size)
    return out


CASES = [
    # name, dims, spacing, (center, radii, seed, noise%) for pred, same for gt
    ('noisy2d', (40, 30), (1.0, 1.0),
     ((18.3, 14.1), (11.2, 7.5), 1, 4), ((20.7, 15.2), (10.1, 8.3), 2, 4)),
    ('anisotropic2d', (33, 27), (0.5, 1.25),
     ((15.0, 12.5), (9.5, 10.0), 3, 6), ((17.5, 11.0), (12.0, 7.0), 4, 6)),
    ('noisy3d', (24, 20, 16), (0.8, 1.0, 2.5),
     ((11.5, 9.0, 7.2), (8.0, 6.5, 5.0), 5, 3), ((12.5, 10.5, 7.9), (7.0, 7.5, 4.2), 6, 3)),
    ('spheres3d', (21, 21, 21), (1.0, 1.0, 1.0),
     ((10.0, 10.0, 10.0), (6.5, 6.5, 6.5), 7, 0), ((12.0, 10.0, 10.0), (6.5, 6.5, 6.5), 8, 0)),
    ('borderAnisotropic3d', (16, 12, 9), (1.5, 0.7, 3.0),
     ((3.0, 6.0, 4.0), (9.0, 8.0, 7.0), 9, 2), ((5.0, 5.0, 3.0), (8.0, 9.0, 5.5), 10, 2)),
]

TOLERANCES = (1.0, 2.0)

if __name__ == '__main__':
    for name, dims, spacing, a, b in CASES:
        m = metrics(shape(dims, *a), shape(dims, *b), spacing, TOLERANCES)
        print('// %s' % name)
        print('counts: pred %(pred)d gt %(gt)d inter %(inter)d predSurface %(predSurface)d gtSurface %(gtSurface)d' % m)
        print(', '.join('%s=%r' % (k, m[k]) for k in
                        ('dice', 'iou', 'precision', 'recall', 'hausdorff', 'hd95', 'assd', 'nsd1', 'nsd2')))
