package sc.fiji.meanteacher.bench;

import java.util.Locale;

/** Sizes written as {@code XxYxZ} ({@code 64x64x48}) on the command line and in result lines. */
final class Sizes {

	private Sizes() {}

	/** @param what names the option in the error message */
	static int[] parse(String text, String what) {
		String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
		if (parts.length != 3)
			throw new IllegalArgumentException(what + ": expected a size XxYxZ such as 64x64x48, got '" + text + "'");
		int[] size = new int[3];
		for (int d = 0; d < 3; d++) {
			try {
				size[d] = Integer.parseInt(parts[d].trim());
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(what + ": expected a size XxYxZ such as 64x64x48, got '" + text + "'");
			}
			if (size[d] < 1) throw new IllegalArgumentException(what + ": every size must be at least 1, got '" + text + "'");
		}
		return size;
	}

	static String format(int[] size) {
		return size[0] + "x" + size[1] + "x" + size[2];
	}

	static String format(long[] size) {
		return size[0] + "x" + size[1] + "x" + size[2];
	}
}
