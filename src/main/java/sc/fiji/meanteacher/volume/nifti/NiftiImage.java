package sc.fiji.meanteacher.volume.nifti;

/**
 * A NIfTI file as read: its header and its voxels as intensities (scaled by {@code scl_slope} and
 * {@code scl_inter}), x fastest.
 */
public record NiftiImage(NiftiHeader header, float[] values) {}
