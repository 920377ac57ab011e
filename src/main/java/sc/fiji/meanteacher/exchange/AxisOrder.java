package sc.fiji.meanteacher.exchange;

import java.util.Locale;

/**
 * The order of the spatial axes of the arrays a PyTorch network is given. This plugin's tensors
 * are {@code (n, c, z, y, x)} (what {@code tifffile.imread} gives for a stack); the UA-MT / LASeg
 * code trains on the left-atrium HDF5 arrays, which are {@code (x, y, z)}. A network trained on
 * one order applied to the other needs every kernel's three spatial axes reversed — the 3×3×3
 * convolutions as much as the 2×2×2 down- and up-sampling — which {@link #reverseSpatialAxes}
 * does; with it both networks compute the same thing on the same volume.
 */
public enum AxisOrder {
	/** Arrays (z, y, x): TIFF stacks as numpy reads them, and this plugin. */
	ZYX("z,y,x"),
	/** Arrays (x, y, z): the LA HDF5 files of the UA-MT / LASeg reference code. */
	XYZ("x,y,z");

	private final String id;

	AxisOrder(String id) {
		this.id = id;
	}

	/** "z,y,x" or "x,y,z". */
	public String id() {
		return id;
	}

	/** Parses "z,y,x", "zyx", "x,y,z" or "xyz" (case and spaces ignored). */
	public static AxisOrder fromName(String name) {
		String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^xyz]", "");
		for (AxisOrder o : values())
			if (o.id.replace(",", "").equals(n)) return o;
		throw new IllegalArgumentException("unknown axis order '" + name + "': z,y,x (TIFF stacks, this plugin) or x,y,z "
			+ "(the LA HDF5 arrays of the UA-MT / LASeg code)");
	}

	/**
	 * The weight of a network for arrays in this order as the weight for arrays in (z, y, x) order
	 * and back (the operation is its own inverse): for {@link #XYZ} a 5-D weight
	 * {@code (a, b, k0, k1, k2)} becomes {@code (a, b, k2, k1, k0)} with element
	 * {@code [i, j, p, q, r] = w[i, j, r, q, p]}; other tensors and {@link #ZYX} are returned as they are.
	 */
	public TorchTensor reverseSpatialAxes(TorchTensor w) {
		if (this == ZYX || w.shape().length != 5) return w;
		long[] s = w.shape();
		int a = (int) s[0], b = (int) s[1], k0 = (int) s[2], k1 = (int) s[3], k2 = (int) s[4];
		float[] in = w.floats(), out = new float[in.length];
		int kernel = k0 * k1 * k2;
		for (int ab = 0; ab < a * b; ab++)
			for (int p = 0; p < k0; p++)
				for (int q = 0; q < k1; q++)
					for (int r = 0; r < k2; r++)
						out[ab * kernel + (r * k1 + q) * k0 + p] = in[ab * kernel + (p * k1 + q) * k2 + r];
		return TorchTensor.ofFloats(new long[] { a, b, k2, k1, k0 }, out);
	}
}
