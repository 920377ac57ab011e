package sc.fiji.meanteacher.data;

import java.io.File;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import sc.fiji.meanteacher.volume.Case;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.Volume;

/**
 * Test-only viewer: saves a PNG montage of synthetic cases, one row per case, showing the axial
 * slice through the label's centre without and with the label outline (red), two more axial
 * slices a sixth of the depth below and above, then the coronal and sagittal slices through the
 * centre with the outline. Run with
 * {@code java ... SyntheticMontage [out.png [nx ny nz [cases [seed]]]]}.
 */
public final class SyntheticMontage {

	private static final int OUTLINE = 0xff3030;
	private static final int GAP = 4;

	public static void main(String[] args) {
		String out = args.length > 0 ? args[0] : "/tmp/synth-montage.png";
		int nx = args.length > 3 ? Integer.parseInt(args[1]) : 128;
		int ny = args.length > 3 ? Integer.parseInt(args[2]) : 128;
		int nz = args.length > 3 ? Integer.parseInt(args[3]) : 96;
		int count = args.length > 4 ? Integer.parseInt(args[4]) : 4;
		long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
		List<Case> cases = new SyntheticAtriumGenerator(seed).generate(0, count, nx, ny, nz);
		for (Case sc : cases)
			System.out.printf("%s foreground %.3f%n", sc.name(), sc.label().foregroundFraction());
		save(cases, out);
		System.out.println("wrote " + out);
	}

	/** Saves the montage of {@code cases} (all of one size) as a PNG file. */
	static void save(List<Case> cases, String path) {
		Volume first = cases.get(0).image();
		int nx = first.nx(), ny = first.ny(), nz = first.nz();
		int width = 5 * nx + ny + 6 * GAP, rowHeight = Math.max(ny, nz) + GAP;
		ColorProcessor montage = new ColorProcessor(width, cases.size() * rowHeight);
		montage.setColor(0x202040);
		montage.fill();
		for (int c = 0; c < cases.size(); c++) {
			Case sc = cases.get(c);
			int[] centre = labelCentre(sc.label());
			float[] range = percentiles(sc.image().data());
			int top = c * rowHeight, left = 0;
			left = draw(montage, sc, 2, centre[2], false, range, left, top);
			left = draw(montage, sc, 2, centre[2], true, range, left, top);
			left = draw(montage, sc, 2, Math.max(0, centre[2] - nz / 6), true, range, left, top);
			left = draw(montage, sc, 2, Math.min(nz - 1, centre[2] + nz / 6), true, range, left, top);
			left = draw(montage, sc, 1, centre[1], true, range, left, top);
			draw(montage, sc, 0, centre[0], true, range, left, top);
		}
		new FileSaver(new ImagePlus("synthetic", montage)).saveAsPng(new File(path).getAbsolutePath());
	}

	/**
	 * Draws the slice at {@code position} across {@code axis} (2: axial x-y, 1: coronal x-z,
	 * 0: sagittal y-z) and returns the next free column.
	 */
	private static int draw(ColorProcessor montage, Case sc, int axis, int position, boolean outline,
		float[] range, int left, int top)
	{
		Volume image = sc.image();
		int[] dims = { image.nx(), image.ny(), image.nz() };
		int u = axis == 0 ? 1 : 0, v = axis == 2 ? 1 : 2;
		float[] data = image.data();
		byte[] label = sc.label().data();
		int[] p = new int[3];
		p[axis] = position;
		for (int j = 0; j < dims[v]; j++)
			for (int i = 0; i < dims[u]; i++) {
				p[u] = i;
				p[v] = j;
				int idx = index(p, dims);
				int grey = (int) Math.max(0, Math.min(255, 255 * (data[idx] - range[0]) / (range[1] - range[0])));
				int rgb = grey << 16 | grey << 8 | grey;
				if (outline && label[idx] != 0 && onBorder(label, p, u, v, dims)) rgb = OUTLINE;
				// z grows upwards in the coronal and sagittal views
				int row = axis == 2 ? j : dims[v] - 1 - j;
				montage.set(left + i, top + row, rgb);
			}
		return left + dims[u] + GAP;
	}

	private static boolean onBorder(byte[] label, int[] p, int u, int v, int[] dims) {
		int[][] steps = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
		for (int[] s : steps) {
			int[] q = p.clone();
			q[u] += s[0];
			q[v] += s[1];
			if (q[u] < 0 || q[v] < 0 || q[u] >= dims[u] || q[v] >= dims[v] || label[index(q, dims)] == 0) return true;
		}
		return false;
	}

	private static int index(int[] p, int[] dims) {
		return (p[2] * dims[1] + p[1]) * dims[0] + p[0];
	}

	private static int[] labelCentre(LabelVolume label) {
		long[] sum = new long[3];
		long n = 0;
		byte[] data = label.data();
		int nx = label.nx(), ny = label.ny();
		for (int i = 0; i < data.length; i++)
			if (data[i] != 0) {
				sum[0] += i % nx;
				sum[1] += (i / nx) % ny;
				sum[2] += i / (nx * ny);
				n++;
			}
		if (n == 0) return new int[] { label.nx() / 2, label.ny() / 2, label.nz() / 2 };
		return new int[] { (int) (sum[0] / n), (int) (sum[1] / n), (int) (sum[2] / n) };
	}

	/** The 1st and 99th percentiles, the display range. */
	private static float[] percentiles(float[] data) {
		float[] sorted = data.clone();
		java.util.Arrays.sort(sorted);
		return new float[] { sorted[sorted.length / 100], sorted[sorted.length - 1 - sorted.length / 100] };
	}
}
