package sc.fiji.meanteacher.exchange;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

import javax.imageio.ImageIO;

/**
 * The cover of a BioImage Model Zoo package: one z slice of the test input twice, side by side —
 * as it is, and with the outline of each predicted class — on a 2:1 canvas (the ratio the zoo
 * recommends), magnified with nearest-neighbour sampling to at least 256 pixels high.
 */
final class CoverImage {

	/** Outline colours of classes 1, 2, ...: magenta, green, cyan, yellow, orange, blue. */
	private static final int[] COLOURS = { 0xff00ff, 0x00ff00, 0x00ffff, 0xffff00, 0xff8000, 0x4080ff };
	private static final int MIN_HEIGHT = 256;

	private CoverImage() {}

	/**
	 * @param image the test input, C order (z, y, x)
	 * @param labels the predicted class of every voxel, same layout
	 * @return the PNG bytes
	 */
	static byte[] png(float[] image, int[] labels, int nx, int ny, int nz) throws IOException {
		int z = sliceWithMostForeground(labels, nx, ny, nz);
		int plane = nx * ny, offset = z * plane;
		float[] slice = Arrays.copyOfRange(image, offset, offset + plane);
		float[] sorted = slice.clone();
		Arrays.sort(sorted);
		double low = sorted[(int) (0.01 * (plane - 1))], high = sorted[(int) (0.99 * (plane - 1))];
		if (!(high > low)) high = low + 1;
		int side = Math.max(nx, ny), f = Math.max(1, (MIN_HEIGHT + side - 1) / side);
		int panel = side * f;
		BufferedImage img = new BufferedImage(2 * panel, panel, BufferedImage.TYPE_INT_RGB);
		int x0 = (side - nx) * f / 2, y0 = (side - ny) * f / 2;
		for (int y = 0; y < ny; y++)
			for (int x = 0; x < nx; x++) {
				int g = (int) Math.round(255 * Math.min(1, Math.max(0, (slice[y * nx + x] - low) / (high - low))));
				int grey = (g << 16) | (g << 8) | g;
				int label = labels[offset + y * nx + x];
				int right = label > 0 && isEdge(labels, offset, x, y, nx, ny) ? COLOURS[(label - 1) % COLOURS.length] : grey;
				for (int dy = 0; dy < f; dy++)
					for (int dx = 0; dx < f; dx++) {
						img.setRGB(x0 + x * f + dx, y0 + y * f + dy, grey);
						img.setRGB(panel + x0 + x * f + dx, y0 + y * f + dy, right);
					}
			}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
		return out.toByteArray();
	}

	/** The slice with the most non-background voxels; the middle one when there are none. */
	private static int sliceWithMostForeground(int[] labels, int nx, int ny, int nz) {
		int best = nz / 2, most = 0;
		for (int z = 0; z < nz; z++) {
			int n = 0;
			for (int i = z * nx * ny; i < (z + 1) * nx * ny; i++) if (labels[i] > 0) n++;
			if (n > most) {
				most = n;
				best = z;
			}
		}
		return best;
	}

	/** A voxel of a class whose 4-neighbourhood in the slice holds another class (the slice's border counts as one). */
	private static boolean isEdge(int[] labels, int offset, int x, int y, int nx, int ny) {
		int l = labels[offset + y * nx + x];
		return x == 0 || y == 0 || x == nx - 1 || y == ny - 1 || labels[offset + y * nx + x - 1] != l
			|| labels[offset + y * nx + x + 1] != l || labels[offset + (y - 1) * nx + x] != l || labels[offset + (y + 1) * nx + x] != l;
	}
}
