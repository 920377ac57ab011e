package sc.fiji.meanteacher.volume;

/**
 * Sizes x, y, z as people write them — in macros, on command lines, in result lines: "112,112,80",
 * "64x64x48", "64 64 48", or one number for a cube. The one parser of such text.
 */
public final class Sizes {

	private Sizes() {}

	/**
	 * @param name what the size is, for messages (a parameter or option name)
	 * @return x, y, z, each at least 1
	 * @throws IllegalArgumentException naming {@code name} and the text for anything else
	 */
	public static int[] parse(String name, String text) {
		String[] parts = text == null ? new String[0] : text.trim().split("[,\\sxX]+");
		if (parts.length != 1 && parts.length != 3)
			throw new IllegalArgumentException(name + " needs 3 sizes x,y,z (or one for a cube), got '" + text + "'");
		int[] out = new int[3];
		for (int d = 0; d < 3; d++) {
			String p = parts[parts.length == 1 ? 0 : d];
			try {
				out[d] = Integer.parseInt(p);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(name + ": '" + p + "' is not a whole number (in '" + text + "')");
			}
			if (out[d] < 1) throw new IllegalArgumentException(name + " must be positive, got '" + text + "'");
		}
		return out;
	}

	/** "64x64x48". */
	public static String format(int[] xyz) {
		return xyz[0] + "x" + xyz[1] + "x" + xyz[2];
	}

	/** "64x64x48". */
	public static String format(long[] xyz) {
		return xyz[0] + "x" + xyz[1] + "x" + xyz[2];
	}
}
