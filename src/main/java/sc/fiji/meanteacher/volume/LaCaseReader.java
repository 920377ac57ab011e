package sc.fiji.meanteacher.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

/**
 * Reads the left-atrium (LA) benchmark layout used by UA-MT and its successors:
 * {@code <root>/cases.list} names the cases, each stored as {@code <root>/<case>/mri_norm2.h5}
 * holding {@code image} (float) and {@code label} (uint8, 0/1), both 3-D of shape (x, y, z).
 * <p>
 * HDF5 stores arrays in C order, so in the file z varies fastest; the reader transposes to the
 * x-fastest layout of {@link Volume}.
 */
public final class LaCaseReader {

	public static final String CASE_FILE = "mri_norm2.h5";
	public static final String CASE_LIST = "cases.list";
	public static final String IMAGE_DATASET = "image";
	public static final String LABEL_DATASET = "label";
	/** Isotropic voxel size of the original LA scans, in millimetres; the HDF5 files do not record it. */
	public static final double LA_VOXEL_SIZE_MM = 0.625;

	private LaCaseReader() {}

	/** The case names in {@code root/cases.list}, one a line; blank lines and '#' comments are skipped. */
	public static List<String> readCaseList(Path root) {
		return CaseList.read(root.resolve(CASE_LIST), name -> true, root.toAbsolutePath().toString());
	}

	/**
	 * Reads {@code root/caseName/mri_norm2.h5} with the LA voxel size; the volumes are named after the case.
	 *
	 * @param withLabel false skips the label (for cases used as unlabeled)
	 */
	public static Case read(Path root, String caseName, boolean withLabel) {
		double s = LA_VOXEL_SIZE_MM;
		Case read = readH5(root.resolve(caseName).resolve(CASE_FILE), caseName, new double[] { s, s, s }, withLabel);
		return new Case(read.name(), read.image(), read.label(), LaLayout.UNIT);
	}

	/**
	 * Reads an HDF5 file holding a 3-D dataset {@code image} of shape (x, y, z) and, when
	 * {@code withLabel}, a dataset {@code label} of the same shape with integer values 0..255.
	 *
	 * @throws IllegalArgumentException naming the file when it is missing, not HDF5, lacks a dataset
	 *           or holds data of the wrong shape or type
	 */
	public static Case readH5(Path file, String name, double[] voxelSize, boolean withLabel) {
		Path absolute = file.toAbsolutePath();
		if (!Files.isRegularFile(absolute))
			throw new IllegalArgumentException(absolute + ": no such file");
		try (HdfFile hdf = new HdfFile(absolute)) {
			Dataset image = dataset(hdf, absolute, IMAGE_DATASET);
			int[] shape = shapeOf(image, absolute);
			long[] dims = { shape[0], shape[1], shape[2] };
			Volume volume = Volume.wrap(name, xFastest(floats(image, absolute), shape), dims, voxelSize);
			LabelVolume labels = null;
			if (withLabel) {
				Dataset label = dataset(hdf, absolute, LABEL_DATASET);
				int[] labelShape = shapeOf(label, absolute);
				if (!Arrays.equals(shape, labelShape))
					throw new IllegalArgumentException(absolute + ": '" + IMAGE_DATASET + "' has shape "
						+ Arrays.toString(shape) + " but '" + LABEL_DATASET + "' " + Arrays.toString(labelShape));
				byte[] bytes = LabelValues.toBytes(absolute + " '" + LABEL_DATASET + "'",
					xFastest(floats(label, absolute), shape), shape[0], shape[1]);
				labels = LabelVolume.wrap(name, bytes, dims, voxelSize);
			}
			return new Case(name, volume, labels);
		}
		catch (HdfException e) {
			throw new IllegalArgumentException(absolute + ": cannot be read as HDF5 (" + e.getMessage() + ")", e);
		}
	}

	private static Dataset dataset(HdfFile hdf, Path file, String path) {
		Node node = hdf.getChild(path);
		if (node == null)
			throw new IllegalArgumentException(file + ": has no dataset '" + path + "' (it holds " + hdf.getChildren().keySet() + ")");
		if (!(node instanceof Dataset))
			throw new IllegalArgumentException(file + ": '" + path + "' is a " + node.getType() + ", not a dataset");
		return (Dataset) node;
	}

	private static int[] shapeOf(Dataset dataset, Path file) {
		int[] shape = dataset.getDimensions();
		if (shape.length != 3)
			throw new IllegalArgumentException(file + ": dataset '" + dataset.getName() + "' must be 3-D (x, y, z), has shape "
				+ Arrays.toString(shape));
		return shape;
	}

	/** The dataset's values as float, in the file's order; any integer or floating-point type. */
	private static float[] floats(Dataset dataset, Path file) {
		Object flat = dataset.getDataFlat();
		if (flat instanceof float[] f) return f;
		float[] out;
		if (flat instanceof double[] a) {
			out = new float[a.length];
			for (int i = 0; i < a.length; i++) out[i] = (float) a[i];
		}
		else if (flat instanceof byte[] a) {
			out = new float[a.length];
			for (int i = 0; i < a.length; i++) out[i] = a[i];
		}
		else if (flat instanceof short[] a) {
			out = new float[a.length];
			for (int i = 0; i < a.length; i++) out[i] = a[i];
		}
		else if (flat instanceof int[] a) {
			out = new float[a.length];
			for (int i = 0; i < a.length; i++) out[i] = a[i];
		}
		else if (flat instanceof long[] a) {
			out = new float[a.length];
			for (int i = 0; i < a.length; i++) out[i] = a[i];
		}
		else
			throw new IllegalArgumentException(file + ": dataset '" + dataset.getName() + "' is not numeric ("
				+ dataset.getJavaType().getSimpleName() + ")");
		return out;
	}

	/** Reorders C-order (x, y, z) data, z fastest, into x-fastest order. */
	static float[] xFastest(float[] cOrder, int[] shape) {
		int nx = shape[0], ny = shape[1], nz = shape[2];
		float[] out = new float[cOrder.length];
		int f = 0;
		for (int x = 0; x < nx; x++)
			for (int y = 0; y < ny; y++)
				for (int z = 0; z < nz; z++)
					out[x + nx * (y + ny * z)] = cOrder[f++];
		return out;
	}
}
