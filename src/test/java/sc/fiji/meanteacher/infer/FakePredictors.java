package sc.fiji.meanteacher.infer;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.meanteacher.volume.PatchSize;

/** Predictors with known outputs, standing in for a network. */
final class FakePredictors {

	private FakePredictors() {}

	/** Base for fakes: fixed patch and class count, records the batch size of every call. */
	abstract static class Recording implements PatchPredictor {

		final int[] patch;
		final int classes;
		final List<Integer> calls = new ArrayList<>();

		Recording(int[] patch, int classes) {
			this.patch = patch.clone();
			this.classes = classes;
		}

		@Override
		public int numClasses() { return classes; }

		@Override
		public PatchSize patchSize() { return PatchSize.of(patch); }

		int patchVoxels() { return patch[0] * patch[1] * patch[2]; }

		@Override
		public float[] predict(float[] windows, int n) {
			calls.add(n);
			if (windows.length != n * patchVoxels()) throw new AssertionError("got " + windows.length + " values for " + n + " windows");
			int p = patchVoxels();
			float[] out = new float[n * classes * p];
			for (int k = 0; k < n; k++)
				for (int i = 0; i < p; i++) {
					int x = i % patch[0];
					fill(windows[k * p + i], x, out, k * classes * p + i, p);
				}
			return out;
		}

		/** Writes the class probabilities of one voxel, class c at {@code out[at + c * stride]}. */
		abstract void fill(float value, int xInPatch, float[] out, int at, int stride);
	}

	static final double A = 0.7, B = -0.3;

	/** The voxelwise function the sigmoid fake computes: p1 = sigmoid(A v + B). */
	static float sigmoid(float v) {
		return (float) (1 / (1 + Math.exp(-(A * v + B))));
	}

	/** Two classes, p1 = sigmoid(A v + B) of each voxel's own intensity, p0 = 1 - p1: a voxelwise network. */
	static Recording sigmoid(int[] patch) {
		return new Recording(patch, 2) {
			@Override
			void fill(float value, int x, float[] out, int at, int stride) {
				float p1 = sigmoid(value);
				out[at] = 1 - p1;
				out[at + stride] = p1;
			}
		};
	}

	/** Two classes, p1 = x / (px - 1) of the voxel's x position in the patch, ignoring the image: not voxelwise. */
	static Recording ramp(int[] patch) {
		return new Recording(patch, 2) {
			@Override
			void fill(float value, int x, float[] out, int at, int stride) {
				float p1 = x / (float) (patch[0] - 1);
				out[at] = 1 - p1;
				out[at + stride] = p1;
			}
		};
	}

	/** {@code classes} classes; the intensity rounded (clamped to a class) gets 0.9, the rest share 0.1. */
	static Recording oneHot(int[] patch, int classes) {
		return new Recording(patch, classes) {
			@Override
			void fill(float value, int x, float[] out, int at, int stride) {
				int k = Math.max(0, Math.min(classes - 1, Math.round(value)));
				for (int c = 0; c < classes; c++)
					out[at + c * stride] = c == k ? 0.9f : 0.1f / (classes - 1);
			}
		};
	}
}
