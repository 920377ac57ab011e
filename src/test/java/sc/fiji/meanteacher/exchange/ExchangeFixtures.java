package sc.fiji.meanteacher.exchange;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import sc.fiji.meanteacher.net.UaMtLayout;
import sc.fiji.meanteacher.net.VNet;

/** The PyTorch-made fixtures of src/test/python/uamt_fixture.py and helpers shared by the exchange tests. */
final class ExchangeFixtures {

	/** Array shape of the fixture's test volume, axes (x, y, z) as the LA HDF5 files. */
	static final int X = 48, Y = 32, Z = 16;

	private ExchangeFixtures() {}

	static Path file(String name) {
		try {
			return Path.of(ExchangeFixtures.class.getResource("/sc/fiji/meanteacher/exchange/" + name).toURI());
		}
		catch (URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("test resource " + name + " is missing", e);
		}
	}

	static Path checkpoint() {
		return file("uamt-vnet-f3.pth");
	}

	/** The arrays of an .npz by name (without ".npy"). */
	static Map<String, Npy.Array> npz(Path file) throws IOException {
		Map<String, Npy.Array> arrays = new HashMap<>();
		try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file)); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;)
				arrays.put(e.getName().replaceFirst("\\.npy$", ""), Npy.read(zip.readAllBytes(), file + ":" + e.getName()));
		}
		return arrays;
	}

	/** A C-order (x, y, z) array as x-fastest data, i.e. C-order (z, y, x). */
	static float[] xyzToZyx(float[] a, int nx, int ny, int nz) {
		float[] out = new float[a.length];
		for (int x = 0; x < nx; x++)
			for (int y = 0; y < ny; y++)
				for (int z = 0; z < nz; z++)
					out[(z * ny + y) * nx + x] = a[(x * ny + y) * nz + z];
		return out;
	}

	/**
	 * Every parameter of a network as floats, by its UA-MT key (our own names carry child indices,
	 * which differ between networks with and without a dropout block).
	 */
	static Map<String, float[]> parameters(VNet net) {
		Map<String, float[]> m = new HashMap<>();
		for (Pair<String, Parameter> p : net.getParameters()) {
			NDArray a = p.getValue().getArray();
			m.put(UaMtLayout.torchName(p.getKey(), net.config().normalization(), net.config().depth()), a.toFloatArray());
		}
		return m;
	}
}
