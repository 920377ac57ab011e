package sc.fiji.meanteacher.net;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.meanteacher.device.TorchRuntime;

public class WeightIOTest {

	/** Same arrays, same bytes: no entry records when it was written, and the values come back. */
	@Test
	public void npzBytesDependOnTheArraysAlone() throws IOException {
		try (NDManager m = TorchRuntime.engine().newBaseManager()) {
			NDArray w = m.arange(24f).reshape(new Shape(2, 3, 4));
			w.setName("enc0_conv0_weight");
			NDArray b = m.create(new float[] { -1.5f, 2.25f });
			b.setName("enc0_conv0_bias");
			NDList arrays = new NDList(w, b);
			byte[] bytes = WeightIO.npz(arrays);
			List<String> names = new ArrayList<>();
			try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
				for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
					names.add(e.getName());
					assertEquals(e.getName(), WeightIO.ENTRY_TIME, e.getTimeLocal());
				}
			}
			assertEquals(List.of("enc0_conv0_weight.npy", "enc0_conv0_bias.npy"), names);
			assertArrayEquals(bytes, WeightIO.npz(arrays));
			try (NDList back = NDList.decode(m, bytes)) {
				assertEquals(new Shape(2, 3, 4), back.get(0).getShape());
				assertArrayEquals(w.toFloatArray(), back.get(0).toFloatArray(), 0);
				assertArrayEquals(new float[] { -1.5f, 2.25f }, back.get(1).toFloatArray(), 0);
			}
		}
	}
}
