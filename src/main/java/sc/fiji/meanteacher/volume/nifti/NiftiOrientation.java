package sc.fiji.meanteacher.volume.nifti;

/**
 * Where a NIfTI volume lies in space: the qform (a rotation as a quaternion, an offset, and
 * {@code qfac}, stored as {@code pixdim[0]}, the handedness of the k axis) and the sform (an affine
 * map of three rows), each with its code. The plugin never computes with them; it keeps them, so
 * that a file written for an input lies where the input lies. NIfTI-1 stores them in single
 * precision; the doubles here hold those values exactly and are written back unchanged.
 *
 * @param qfac {@code pixdim[0]}: -1 or 1 (0 read as 1 by convention)
 */
public record NiftiOrientation(int qformCode, double quaternB, double quaternC, double quaternD, double qoffsetX,
	double qoffsetY, double qoffsetZ, double qfac, int sformCode, AffineRow srowX, AffineRow srowY, AffineRow srowZ)
{

	/** One row of the sform: world coordinate = {@code i·x + j·y + k·z + offset} of voxel (x, y, z). */
	public record AffineRow(double i, double j, double k, double offset) {}

	/** Neither qform nor sform (codes 0): the voxel grid scaled by pixdim, for a file that has no place in space. */
	public static final NiftiOrientation NONE = new NiftiOrientation(0, 0, 0, 0, 0, 0, 0, 1, 0, new AffineRow(0, 0, 0, 0),
		new AffineRow(0, 0, 0, 0), new AffineRow(0, 0, 0, 0));

	/** The sform's rows as NIfTI stores them: srow_x, srow_y, srow_z. */
	AffineRow[] srows() {
		return new AffineRow[] { srowX, srowY, srowZ };
	}
}
