package sc.fiji.meanteacher.volume;

/**
 * A voxel size x, y, z in a volume's own length unit, as Train's {@code spacing} names the grid
 * every training volume is resampled to ({@link GridTarget}); parsed from what people write:
 * "0.4,0.4,0.4", "0.4 0.4 1" or one number for cubic voxels.
 */
public record VoxelSpacing(double x, double y, double z) {

	public VoxelSpacing {
		for (double v : new double[] { x, y, z })
			if (!(v > 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("spacing must be three positive voxel sizes x,y,z, got " + format(x, y, z));
	}

	/** From x, y, z (e.g. a model.json array). */
	public static VoxelSpacing of(double[] xyz) {
		if (xyz == null || xyz.length != 3)
			throw new IllegalArgumentException("spacing needs three voxel sizes x,y,z, got " + (xyz == null ? "none" : xyz.length));
		return new VoxelSpacing(xyz[0], xyz[1], xyz[2]);
	}

	/**
	 * @param name the parameter, for messages
	 * @return the spacing, or null for empty text (the grid as it is)
	 * @throws IllegalArgumentException naming {@code name} and the text unless it is one or three
	 *           positive numbers
	 */
	public static VoxelSpacing parse(String name, String text) {
		if (text == null || text.isBlank()) return null;
		String[] parts = text.trim().split("[,;\\s]+");
		String problem = name + " must be three positive voxel sizes x,y,z (or one for cubic voxels), e.g. 0.4,0.4,0.4; got '" + text
			+ "'";
		if (parts.length != 1 && parts.length != 3) throw new IllegalArgumentException(problem);
		double[] xyz = new double[3];
		for (int d = 0; d < 3; d++) {
			try {
				// parseDouble reads the decimal point whatever the locale
				xyz[d] = Double.parseDouble(parts[parts.length == 1 ? 0 : d]);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(problem);
			}
			if (!(xyz[d] > 0) || Double.isInfinite(xyz[d])) throw new IllegalArgumentException(problem);
		}
		return of(xyz);
	}

	public double[] toArray() {
		return new double[] { x, y, z };
	}

	/** Per axis, the factor that takes a grid of {@code voxelSize} to this spacing (its voxel size over this). */
	public double[] factorsFrom(double[] voxelSize) {
		return new double[] { voxelSize[0] / x, voxelSize[1] / y, voxelSize[2] / z };
	}

	/** "0.4,0.4,1" (the form {@link #parse} reads). */
	@Override
	public String toString() {
		return format(x, y, z);
	}

	private static String format(double x, double y, double z) {
		return number(x) + "," + number(y) + "," + number(z);
	}

	/** Whole numbers without ".0"; Double.toString is the same in every locale. */
	static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
