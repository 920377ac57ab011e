package sc.fiji.meanteacher.infer;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Connected components of equal-valued voxels in a flat x-fastest label array, found by
 * breadth-first search. For each component it records its size, its value, whether it touches the
 * volume border, and the value of its outside neighbours when they all agree. Axes of length 1 are
 * not borders (a 2-D slice is enclosed by its 2-D rim only).
 */
final class ConnectedComponents {

	/** {@link #componentOf} of a voxel left out by the predicate. */
	static final int NONE = -1;
	/** {@link #neighbourValue} of a component with no outside neighbour, or with several different ones. */
	static final int NO_NEIGHBOUR = -1, MIXED_NEIGHBOURS = -2;

	final int[] componentOf;
	int count;
	int[] size = new int[16], value = new int[16], neighbourValue = new int[16];
	boolean[] touchesBorder = new boolean[16];

	private final int nx, ny, nz;
	private final int[][] offsets;

	/**
	 * @param labels label per voxel, x fastest
	 * @param dims nx, ny, nz
	 * @param full true for 26-connectivity (faces, edges, corners), false for 6 (faces only)
	 * @param include which label values take part
	 */
	ConnectedComponents(int[] labels, int[] dims, boolean full, IntPredicate include) {
		nx = dims[0];
		ny = dims[1];
		nz = dims[2];
		offsets = neighbourOffsets(full);
		componentOf = new int[labels.length];
		Arrays.fill(componentOf, NONE);
		int[] queue = new int[labels.length];
		for (int seed = 0; seed < labels.length; seed++)
			if (componentOf[seed] == NONE && include.test(labels[seed])) grow(labels, seed, queue);
	}

	private void grow(int[] labels, int seed, int[] queue) {
		int id = newComponent(labels[seed]);
		int head = 0, tail = 0;
		queue[tail++] = seed;
		componentOf[seed] = id;
		while (head < tail) {
			int v = queue[head++];
			int x = v % nx, y = (v / nx) % ny, z = v / (nx * ny);
			if ((nx > 1 && (x == 0 || x == nx - 1)) || (ny > 1 && (y == 0 || y == ny - 1)) || (nz > 1 && (z == 0 || z == nz - 1)))
				touchesBorder[id] = true;
			for (int[] o : offsets) {
				int ax = x + o[0], ay = y + o[1], az = z + o[2];
				if (ax < 0 || ay < 0 || az < 0 || ax >= nx || ay >= ny || az >= nz) continue;
				int a = (az * ny + ay) * nx + ax;
				if (labels[a] == value[id]) {
					if (componentOf[a] == NONE) {
						componentOf[a] = id;
						queue[tail++] = a;
					}
				}
				else if (neighbourValue[id] == NO_NEIGHBOUR) neighbourValue[id] = labels[a];
				else if (neighbourValue[id] != labels[a]) neighbourValue[id] = MIXED_NEIGHBOURS;
			}
		}
		size[id] = tail;
	}

	private int newComponent(int label) {
		if (count == size.length) {
			int n = 2 * count;
			size = Arrays.copyOf(size, n);
			value = Arrays.copyOf(value, n);
			neighbourValue = Arrays.copyOf(neighbourValue, n);
			touchesBorder = Arrays.copyOf(touchesBorder, n);
		}
		value[count] = label;
		neighbourValue[count] = NO_NEIGHBOUR;
		return count++;
	}

	private static int[][] neighbourOffsets(boolean full) {
		int[][] o = new int[full ? 26 : 6][];
		int i = 0;
		for (int dz = -1; dz <= 1; dz++)
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int steps = Math.abs(dx) + Math.abs(dy) + Math.abs(dz);
					if (steps == 0 || (!full && steps > 1)) continue;
					o[i++] = new int[] { dx, dy, dz };
				}
		return o;
	}
}
