package sc.fiji.meanteacher.volume.nifti;

import java.util.Arrays;
import java.util.Objects;

/**
 * The header fields of a NIfTI file that the plugin reads and keeps: the layout (NIfTI-1 or -2),
 * {@code dim}, {@code pixdim}, {@code xyzt_units}, the qform and sform ({@link NiftiOrientation}),
 * the data type and the intensity scaling. A file written for another one ({@link #forData})
 * carries its dims, pixdim, units and orientation unchanged.
 */
public final class NiftiHeader {

	/** {@code xyzt_units} bits of the spatial unit, and NIfTI's codes for metre, millimetre and micrometre. */
	private static final int SPATIAL_UNIT_BITS = 0x07, METRE = 1, MILLIMETRE = 2, MICROMETRE = 3;
	private static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

	private final NiftiLayout layout;
	private final long[] dim;
	private final double[] pixdim;
	private final int xyztUnits;
	private final NiftiOrientation orientation;
	private final NiftiDataType dataType;
	private final double sclSlope, sclInter;

	/**
	 * @param dim {@code dim[0..7]}: the number of dimensions, then the size of each
	 * @param pixdim {@code pixdim[1..7]} (7 values): the voxel extent along each dimension;
	 *          {@code pixdim[0]} is the orientation's {@code qfac}
	 * @throws IllegalArgumentException naming the field when {@code dim} is not 1 to 7 dimensions
	 *           of at least one voxel, a spatial extent is not positive or the volume has more than
	 *           2^31 voxels
	 */
	public NiftiHeader(NiftiLayout layout, long[] dim, double[] pixdim, int xyztUnits, NiftiOrientation orientation,
		NiftiDataType dataType, double sclSlope, double sclInter)
	{
		if (dim.length != 8) throw new IllegalArgumentException("dim needs 8 values, got " + dim.length);
		if (pixdim.length != 7) throw new IllegalArgumentException("pixdim[1..7] needs 7 values, got " + pixdim.length);
		this.layout = Objects.requireNonNull(layout);
		this.dim = dim.clone();
		this.pixdim = pixdim.clone();
		this.xyztUnits = xyztUnits;
		this.orientation = Objects.requireNonNull(orientation);
		this.dataType = Objects.requireNonNull(dataType);
		this.sclSlope = sclSlope;
		this.sclInter = sclInter;
		requireValid();
	}

	/**
	 * A NIfTI-1 header for a new volume of {@code xyz} voxels of {@code voxelSizeMm}, without a
	 * place in space ({@link NiftiOrientation#NONE}) and without scaling.
	 */
	public static NiftiHeader of(long[] xyz, double[] voxelSizeMm, NiftiDataType dataType) {
		long[] dim = { 3, xyz[0], xyz[1], xyz[2], 1, 1, 1, 1 };
		double[] pixdim = { voxelSizeMm[0], voxelSizeMm[1], voxelSizeMm[2], 1, 1, 1, 1 };
		return new NiftiHeader(NiftiLayout.NIFTI_1, dim, pixdim, MILLIMETRE, NiftiOrientation.NONE, dataType, 1, 0);
	}

	private void requireValid() {
		if (dim[0] < 1 || dim[0] > 7) throw new IllegalArgumentException("dim[0] = " + dim[0] + ": the number of dimensions must be 1 to 7");
		for (int i = 1; i <= dim[0]; i++)
			if (dim[i] < 1) throw new IllegalArgumentException("dim[" + i + "] = " + dim[i] + ": every dimension needs at least one voxel");
		for (int i = 1; i <= Math.min(3, dim[0]); i++)
			if (!(pixdim[i - 1] > 0) || Double.isInfinite(pixdim[i - 1]))
				throw new IllegalArgumentException("pixdim[" + i + "] = " + pixdim[i - 1] + ": a voxel's extent must be positive");
		long[] xyz = volumeDims();
		if (xyz[0] > MAX_VOXELS / xyz[1] || xyz[0] * xyz[1] > MAX_VOXELS / xyz[2])
			throw new IllegalArgumentException("dim[1..3] = " + Arrays.toString(xyz) + ": more than 2^31 voxels");
	}

	public NiftiLayout layout() { return layout; }

	/** {@code dim[i]}, i from 0 (the number of dimensions) to 7. */
	public long dim(int i) { return dim[i]; }

	/** {@code pixdim[i]}, i from 1 to 7; {@code pixdim[0]} is {@link NiftiOrientation#qfac()}. */
	public double pixdim(int i) {
		if (i < 1 || i > 7) throw new IndexOutOfBoundsException("pixdim[" + i + "]: 1 to 7 here; pixdim[0] is the orientation's qfac");
		return pixdim[i - 1];
	}

	public int xyztUnits() { return xyztUnits; }

	public NiftiOrientation orientation() { return orientation; }

	public NiftiDataType dataType() { return dataType; }

	public double sclSlope() { return sclSlope; }

	public double sclInter() { return sclInter; }

	/** (x, y, z) = ({@code dim[1]}, {@code dim[2]}, {@code dim[3]}), 1 for a dimension the file does not have. */
	public long[] volumeDims() {
		return new long[] { dim[1], dim[0] >= 2 ? dim[2] : 1, dim[0] >= 3 ? dim[3] : 1 };
	}

	/** The voxels of the whole file: the product of {@code dim[1..dim[0]]}. */
	public long voxelCount() {
		long count = 1;
		for (int i = 1; i <= dim[0]; i++) count = Math.multiplyExact(count, dim[i]);
		return count;
	}

	/**
	 * The first dimension beyond z with more than one entry (4: a time series, 5: several values per
	 * voxel), or 0 when the file holds a single 3-D volume.
	 */
	public int firstExtraDimension() {
		for (int i = 4; i <= dim[0]; i++)
			if (dim[i] > 1) return i;
		return 0;
	}

	/**
	 * The voxel extents {@code pixdim[1..3]} in millimetres: metres and micrometres are converted, and
	 * an unknown unit ({@code xyzt_units} 0) is read as millimetres, as ITK (and so most medical
	 * imaging software) reads it. 1 along a dimension the file does not have.
	 */
	public double[] voxelSizeMm() {
		double mm = switch (xyztUnits & SPATIAL_UNIT_BITS) {
			case METRE -> 1000;
			case MICROMETRE -> 0.001;
			default -> 1;
		};
		double[] size = new double[3];
		for (int i = 0; i < 3; i++) size[i] = i < dim[0] ? pixdim[i] * mm : 1;
		return size;
	}

	/**
	 * Whether voxel values are scaled ({@code scl_slope · value + scl_inter}): the slope is finite and
	 * neither 0 nor, with an intercept of 0, 1. NIfTI reads a slope of 0 as "no scaling"; nibabel
	 * writes NaN for it.
	 */
	public boolean scales() {
		return Double.isFinite(sclSlope) && sclSlope != 0 && !(sclSlope == 1 && intercept() == 0);
	}

	/** A stored value as the intensity it stands for. */
	public double scaled(double stored) {
		return scales() ? stored * sclSlope + intercept() : stored;
	}

	/** An intercept that is not finite is read as 0. */
	private double intercept() {
		return Double.isFinite(sclInter) ? sclInter : 0;
	}

	/**
	 * The header of a file that holds other data on this file's grid: the same layout, dims, pixdim,
	 * units, qform and sform, the values of {@code type} without scaling, and {@code volumes} 3-D
	 * volumes (more than one: along {@code dim[4]}, one after another).
	 *
	 * @throws IllegalArgumentException when this file holds more than one volume and {@code volumes} differs
	 */
	public NiftiHeader forData(NiftiDataType type, long volumes) {
		long[] newDim = dim.clone();
		double[] newPixdim = pixdim.clone();
		if (volumes != 1) {
			if (firstExtraDimension() != 0)
				throw new IllegalArgumentException("dim[" + firstExtraDimension() + "] = " + dim[firstExtraDimension()]
					+ ": the header already holds more than one volume");
			// a flat file may leave the dimensions it lacks at 0; dim[4] needs them as one voxel each
			for (int i = (int) dim[0] + 1; i < 4; i++) {
				newDim[i] = 1;
				if (!(newPixdim[i - 1] > 0)) newPixdim[i - 1] = 1;
			}
			newDim[0] = Math.max(4, dim[0]);
			newDim[4] = volumes;
		}
		return new NiftiHeader(layout, newDim, newPixdim, xyztUnits, orientation, type, 1, 0);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof NiftiHeader h && layout == h.layout && Arrays.equals(dim, h.dim) && Arrays.equals(pixdim, h.pixdim)
			&& xyztUnits == h.xyztUnits && orientation.equals(h.orientation) && dataType == h.dataType
			&& Double.compare(sclSlope, h.sclSlope) == 0 && Double.compare(sclInter, h.sclInter) == 0;
	}

	@Override
	public int hashCode() {
		return Objects.hash(layout, Arrays.hashCode(dim), Arrays.hashCode(pixdim), xyztUnits, orientation, dataType, sclSlope,
			sclInter);
	}

	@Override
	public String toString() {
		return layout + " " + dataType.label() + " dim " + Arrays.toString(dim) + " pixdim[1..7] " + Arrays.toString(pixdim)
			+ " xyzt_units " + xyztUnits + " scl " + sclSlope + "/" + sclInter + " " + orientation;
	}
}
