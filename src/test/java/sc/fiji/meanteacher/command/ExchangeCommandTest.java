package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import sc.fiji.meanteacher.data.SyntheticAtriumGenerator;
import sc.fiji.meanteacher.exchange.Npy;
import sc.fiji.meanteacher.exchange.StateDictFile;
import sc.fiji.meanteacher.exchange.TorchScriptInfo;
import sc.fiji.meanteacher.model.TestModels;
import sc.fiji.meanteacher.model.TrainedModel;
import sc.fiji.meanteacher.net.Normalization;
import sc.fiji.meanteacher.net.VNetConfig;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.PatchSize;
import sc.fiji.meanteacher.volume.Volume;

/** Export and Import through SciJava as Fiji runs them, and Segment with what they produce. */
public class ExchangeCommandTest extends CommandTestBase {

	private static final int[] PATCH = { 32, 16, 16 };

	private Path depthFourModel() throws IOException {
		Path file = tmp.getRoot().toPath().resolve("model.zip");
		try (TrainedModel m = TestModels.random(new VNetConfig(1, 2, 4, 4, Normalization.BATCH, true), 9, PATCH)) {
			m.save(file);
		}
		return file;
	}

	private CommandModule export(Path model, String format, Path out, Object... more) throws Exception {
		Map<String, Object> in = new HashMap<>();
		in.put("model", model.toFile());
		in.put("format", format);
		in.put("output", out.toFile());
		for (int i = 0; i < more.length; i += 2) in.put((String) more[i], more[i + 1]);
		return CommandTestSupport.run(context, ExportCommand.class, in);
	}

	private static Path resource(String name) throws URISyntaxException {
		return Path.of(ExchangeCommandTest.class.getResource("/sc/fiji/meanteacher/exchange/" + name).toURI());
	}

	@Test
	public void eachFormatIsWrittenAndReadableAgain() throws Exception {
		Path model = depthFourModel(), dir = tmp.newFolder().toPath();
		CommandModule m = export(model, ExportCommand.TORCHSCRIPT, dir.resolve("net.pt"));
		assertFalse(m.getCancelReason(), m.isCanceled());
		TorchScriptInfo info = TorchScriptInfo.read(dir.resolve("net.pt"));
		assertEquals(PatchSize.of(PATCH), info.patch());
		m = export(model, ExportCommand.STATE_DICT, dir.resolve("net.pth"), "axes", "x,y,z");
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertTrue(StateDictFile.read(dir.resolve("net.pth"), null).containsKey("block_nine.conv.1.num_batches_tracked"));
		Volume sample = new SyntheticAtriumGenerator(3).generate(0, 40, 24, 20).image();
		m = export(model, ExportCommand.BIOIMAGE_IO, dir.resolve("zoo.zip"), "authors", "Ada Lovelace; Charles Babbage", "name",
			"Synthetic atrium", "sample", ImagePlusVolumes.toImagePlus(sample, "mm"));
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (ZipFile zip = new ZipFile(dir.resolve("zoo.zip").toFile())) {
			String rdf = new String(zip.getInputStream(zip.getEntry("rdf.yaml")).readAllBytes());
			assertTrue(rdf, rdf.contains("name: \"Synthetic atrium\""));
			assertTrue(rdf, rdf.contains("- name: \"Ada Lovelace\"") && rdf.contains("- name: \"Charles Babbage\""));
			float[] test = Npy.read(zip.getInputStream(zip.getEntry("test_input.npy")).readAllBytes(), "test_input").values();
			// the centre of the 40x24x20 sample: offsets 4, 4, 2
			assertEquals(sample.data()[(2 * 24 + 4) * 40 + 4], test[0], 0);
		}
	}

	@Test
	public void badExportsFailWithTheirReasonAndLeaveExistingFilesAlone() throws Exception {
		Path model = depthFourModel(), dir = tmp.newFolder().toPath();
		Path existing = Files.writeString(dir.resolve("old.pt"), "old");
		CommandModule m = export(model, ExportCommand.TORCHSCRIPT, existing);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("exists already"));
		assertEquals("old", Files.readString(existing));
		m = export(model, ExportCommand.TORCHSCRIPT, existing, "overwrite", true);
		assertFalse(m.getCancelReason(), m.isCanceled());
		m = export(model, ExportCommand.BIOIMAGE_IO, dir.resolve("zoo.zip"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("needs at least one author"));
		Path shallow = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("depth3.zip"));
		m = export(shallow, ExportCommand.STATE_DICT, dir.resolve("w.pth"));
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("4 down-sampling stages, this model 3"));
		assertFalse(Files.exists(dir.resolve("w.pth")));
		assertFalse(Files.exists(dir.resolve("zoo.zip")));
	}

	@Test
	public void aPyTorchCheckpointImportedByTheCommandSegmentsAsPyTorchDid() throws Exception {
		Path model = tmp.getRoot().toPath().resolve("imported.zip");
		Map<String, Object> in = new HashMap<>();
		in.put("checkpoint", resource("uamt-vnet-f3.pth").toFile());
		in.put("output", model.toFile());
		in.put("patch", "48,32,16");
		in.put("intensity", "none");
		in.put("classnames", "background, blob");
		in.put("voxel", "0.625, 0.625, 0.625");
		CommandModule m = CommandTestSupport.run(context, ImportCommand.class, in);
		assertFalse(m.getCancelReason(), m.isCanceled());
		try (TrainedModel t = TrainedModel.load(model)) {
			assertEquals(java.util.List.of("background", "blob"), t.descriptor().classNames);
			assertArrayEquals(new double[] { 0.625, 0.625, 0.625 }, t.descriptor().voxelSize, 0);
		}

		Map<String, Npy.Array> expected = npz(resource("uamt-vnet-f3-expected.npz"));
		int nx = 48, ny = 32, nz = 16, n = nx * ny * nz;
		float[] xyz = expected.get("image").values(), p = expected.get("probabilities").values();
		float[] image = new float[n];
		byte[] pytorchLabels = new byte[n];
		for (int x = 0; x < nx; x++)
			for (int y = 0; y < ny; y++)
				for (int z = 0; z < nz; z++) {
					int c = (x * ny + y) * nz + z, ours = (z * ny + y) * nx + x;
					image[ours] = xyz[c];
					pytorchLabels[ours] = (byte) (p[n + c] > p[c] ? 1 : 0);
				}
		ImagePlus input = ImagePlusVolumes.toImagePlus(Volume.wrap("fixture", image, new long[] { nx, ny, nz },
			new double[] { 0.625, 0.625, 0.625 }), "mm");
		Map<String, Object> seg = new HashMap<>();
		seg.put("input", input);
		seg.put("model", model.toFile());
		m = CommandTestSupport.run(context, SegmentCommand.class, seg);
		assertFalse(m.getCancelReason(), m.isCanceled());
		LabelVolume labels = ImagePlusVolumes.toLabelVolume((ImagePlus) m.getOutput("labels"), false);
		int foreground = 0;
		for (byte b : pytorchLabels) foreground += b;
		assertTrue(foreground > 0.03 * n);
		assertArrayEquals("Segment's labels = argmax of PyTorch's softmax", pytorchLabels, labels.data());

		in.put("overwrite", false);
		m = CommandTestSupport.run(context, ImportCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("exists already"));
		in.put("checkpoint", resource("pickled-module.pth").toFile());
		in.put("output", tmp.getRoot().toPath().resolve("other.zip").toFile());
		m = CommandTestSupport.run(context, ImportCommand.class, in);
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("pickled torch.nn.modules.container.Sequential"));
		assertFalse(Files.exists(tmp.getRoot().toPath().resolve("other.zip")));
	}

	@Test
	public void segmentTakesAnExportedTorchScriptWithoutBeingToldItsPatchOrClasses() throws Exception {
		Path model = depthFourModel(), pt = tmp.getRoot().toPath().resolve("net.pt");
		assertFalse(export(model, ExportCommand.TORCHSCRIPT, pt).isCanceled());
		Volume volume = new SyntheticAtriumGenerator(5).generate(1, 40, 24, 20).image();
		byte[][] labels = new byte[2][];
		Path[] models = { model, pt };
		for (int k = 0; k < 2; k++) {
			Map<String, Object> in = new HashMap<>();
			in.put("input", ImagePlusVolumes.toImagePlus(volume, "mm"));
			in.put("model", models[k].toFile()); // ptpatch keeps its default 112,112,80, which this network was not made for
			CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, in);
			assertFalse(m.getCancelReason(), m.isCanceled());
			labels[k] = ImagePlusVolumes.toLabelVolume((ImagePlus) m.getOutput("labels"), false).data();
		}
		assertNotNull(labels[1]);
		int ones = 0;
		for (byte b : labels[0]) ones += b;
		assertTrue("both classes occur: " + ones, ones > 0 && ones < labels[0].length);
		assertArrayEquals("TorchScript export segments as the model", labels[0], labels[1]);
	}

	private static Map<String, Npy.Array> npz(Path file) throws IOException {
		Map<String, Npy.Array> arrays = new HashMap<>();
		try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file)); ZipInputStream zip = new ZipInputStream(in)) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;)
				arrays.put(e.getName().replaceFirst("\\.npy$", ""), Npy.read(zip.readAllBytes(), e.getName()));
		}
		return arrays;
	}
}
