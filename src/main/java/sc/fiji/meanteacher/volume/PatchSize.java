package sc.fiji.meanteacher.volume;

/**
 * The block a network takes and a sliding window cuts, in voxels along x, y and z — the order of
 * every size in this plugin. Tensors hold a patch the other way round, {@code (…, z, y, x)}:
 * {@link #tensorShape} is the one place that says so.
 */
public record PatchSize(int x, int y, int z) {

	public PatchSize {
		if (x < 1 || y < 1 || z < 1)
			throw new IllegalArgumentException("patch size must be 3 positive lengths (x, y, z), got " + x + ", " + y + ", " + z);
	}

	/** @param xyz three lengths, x first */
	public static PatchSize of(int[] xyz) {
		if (xyz == null || xyz.length != 3)
			throw new IllegalArgumentException("patch size needs 3 lengths (x, y, z), got " + java.util.Arrays.toString(xyz));
		return new PatchSize(xyz[0], xyz[1], xyz[2]);
	}

	/** A patch written as {@link Sizes#parse} reads it ("112,112,80"); {@code name} is the parameter, for messages. */
	public static PatchSize parse(String name, String text) {
		return of(Sizes.parse(name, text));
	}

	/** x, y, z as an array, for per-axis loops. */
	public int[] toArray() {
		return new int[] { x, y, z };
	}

	/** Length along axis {@code d}: 0 = x, 1 = y, 2 = z. */
	public int get(int d) {
		return switch (d) {
			case 0 -> x;
			case 1 -> y;
			case 2 -> z;
			default -> throw new IndexOutOfBoundsException("axis " + d + " of a 3-D patch");
		};
	}

	public long voxels() {
		return (long) x * y * z;
	}

	/** The shape {@code (n, channels, z, y, x)} of {@code n} patches of {@code channels} channels, as tensors hold them. */
	public long[] tensorShape(long n, long channels) {
		return new long[] { n, channels, z, y, x };
	}

	/** "112,112,80", as the Train and Segment parameters write it. */
	public String toParameter() {
		return x + "," + y + "," + z;
	}

	/** "112x112x80". */
	@Override
	public String toString() {
		return x + "x" + y + "x" + z;
	}
}
