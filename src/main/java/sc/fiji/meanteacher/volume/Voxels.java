package sc.fiji.meanteacher.volume;

/** Index arithmetic for the flat x-fastest layout shared by {@link Volume} and {@link LabelVolume}. */
public final class Voxels {

	private Voxels() {}

	/** "(x=…, y=…, z=…)" of flat index {@code i} in a volume {@code nx} wide and {@code ny} high, for messages. */
	public static String describe(int i, int nx, int ny) {
		int plane = nx * ny;
		int z = i / plane, rest = i % plane;
		return "(x=" + rest % nx + ", y=" + rest / nx + ", z=" + z + ")";
	}
}
