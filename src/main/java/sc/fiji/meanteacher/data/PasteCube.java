package sc.fiji.meanteacher.data;

/**
 * The cube that copy-paste training moves from one patch into another: its corner and size in
 * voxels, per axis (x, y, z), inside a patch.
 */
public record PasteCube(int x0, int y0, int z0, int sizeX, int sizeY, int sizeZ) {

	/**
	 * The cube of one iteration: {@code fraction} of the patch per axis (rounded down, at least one
	 * voxel) at a uniformly random position inside it, drawn from (seed, {@link Rng#COPY_PASTE},
	 * iteration), so that a resumed run pastes where the uninterrupted one did.
	 *
	 * @param patch patch size (x, y, z)
	 * @param fraction in (0, 1]
	 */
	public static PasteCube draw(int[] patch, double fraction, long seed, long iteration) {
		if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("cube fraction must be in (0, 1], got " + fraction);
		Rng rng = Rng.derive(seed, Rng.COPY_PASTE, iteration);
		int[] size = new int[3], corner = new int[3];
		for (int d = 0; d < 3; d++) {
			size[d] = Math.max(1, (int) Math.floor(fraction * patch[d]));
			corner[d] = rng.nextInt(patch[d] - size[d] + 1);
		}
		return new PasteCube(corner[0], corner[1], corner[2], size[0], size[1], size[2]);
	}

	public boolean contains(int x, int y, int z) {
		return x >= x0 && x < x0 + sizeX && y >= y0 && y < y0 + sizeY && z >= z0 && z < z0 + sizeZ;
	}

	/** 1 inside the cube and 0 outside, for a patch of size (x, y, z), x fastest. */
	public float[] insideMask(int[] patch) {
		float[] mask = new float[patch[0] * patch[1] * patch[2]];
		int i = 0;
		for (int z = 0; z < patch[2]; z++)
			for (int y = 0; y < patch[1]; y++)
				for (int x = 0; x < patch[0]; x++, i++)
					if (contains(x, y, z)) mask[i] = 1;
		return mask;
	}
}
