package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Assume;
import org.junit.Test;
import org.scijava.command.CommandModule;
import org.scijava.log.LogListener;
import org.scijava.log.LogService;
import org.scijava.prefs.PrefService;

import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceReport;
import sc.fiji.meanteacher.device.DjlPairing;
import sc.fiji.meanteacher.device.LocalLibtorch;
import sc.fiji.meanteacher.device.TorchRuntime;

/**
 * The device report command, the remembered libtorch folder, and the {@code device} and
 * {@code shard} parameters of Train and Segment, on this machine (bundled CPU libtorch, no GPU).
 */
public class DeviceCommandTest extends CommandTestBase {

	@After
	public void forgetTheFolder() {
		context.service(PrefService.class).remove(LibtorchPreference.class, LibtorchPreference.KEY);
		LocalLibtorch.preferFolder(null);
	}

	private static CommandModule deviceInfo(File libtorch, boolean forget) throws Exception {
		return CommandTestSupport.run(context, DeviceInfoCommand.class, Map.of("libtorch", libtorch, "forget", forget));
	}

	@Test
	public void deviceInfoReportsThisProcess() throws Exception {
		CommandModule m = deviceInfo(new File(""), false);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(String.join("\n", DeviceReport.gather().lines()), m.getOutput("report"));
	}

	@Test
	public void aLibtorchFolderIsCheckedRememberedAndNeedsARestartOnceTheEngineRuns() throws Exception {
		TorchRuntime.engine();
		PrefService prefs = context.service(PrefService.class);
		Path missing = tmp.getRoot().toPath().resolve("no-libtorch");
		CommandModule m = deviceInfo(missing.toFile(), false);
		assertTrue(m.isCanceled());
		assertEquals("DeviceInfo: libtorch folder " + missing + " does not exist", m.getCancelReason());
		assertNull(prefs.get(LibtorchPreference.class, LibtorchPreference.KEY));

		// Stand-ins named like a libtorch zip of the paired version: the check reads names and the version file only.
		Path root = tmp.newFolder("libtorch").toPath(), lib = Files.createDirectories(root.resolve("lib"));
		for (String name : List.of("torch", "torch_cpu", "c10")) Files.createFile(lib.resolve(System.mapLibraryName(name)));
		Files.writeString(root.resolve("build-version"), DjlPairing.fromClassPath().libtorchVersion() + "+cpu\n");
		m = deviceInfo(root.toFile(), false);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertEquals(lib.toString(), prefs.get(LibtorchPreference.class, LibtorchPreference.KEY));
		String report = (String) m.getOutput("report");
		assertTrue(report, report.contains("\nnote: Fiji preference (Mean Teacher Device Info) names libtorch folder " + lib
			+ ", but this session already loaded libtorch from "));
		assertTrue(report, report.endsWith("(it loads once per process): restart Fiji to use the new folder"));

		// Every command hands the remembered folder on before it works (here: too late, the engine runs).
		LocalLibtorch.preferFolder(null);
		CommandTestSupport.run(context, DeviceInfoCommand.class, Map.of("libtorch", new File(""), "forget", false));
		assertEquals(lib, LocalLibtorch.requested().folder());

		m = deviceInfo(new File(""), true);
		assertFalse(m.getCancelReason(), m.isCanceled());
		assertNull(prefs.get(LibtorchPreference.class, LibtorchPreference.KEY));
		assertFalse((String) m.getOutput("report"), ((String) m.getOutput("report")).contains("restart Fiji"));
	}

	@Test
	public void trainRefusesAGpuThatIsNotThereBeforeReadingAnything() throws Exception {
		Assume.assumeTrue("a GPU is usable here", DeviceChoice.AUTO.select().report().usableGpus().isEmpty());
		Path out = tmp.getRoot().toPath().resolve("model");
		Map<String, Object> in = new HashMap<>(Map.of("images", tmp.newFolder("images"), "labels", tmp.newFolder("labels"),
			"output", out.toFile(), "patch", "16,16,16", "device", "gpu0"));
		CommandModule m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertTrue(m.isCanceled());
		assertEquals("Train: device=gpu0: no usable GPU: " + DeviceReport.gather().gpuProblem(), m.getCancelReason());
		in.put("device", "cuda:0");
		m = CommandTestSupport.run(context, TrainCommand.class, in);
		assertEquals("Train: device: 'cuda:0' is not auto, cpu or gpuN (gpu0, gpu1, ...)", m.getCancelReason());
		assertFalse(Files.exists(out));
	}

	@Test
	public void segmentRefusesABadShardOrDeviceBeforeWriting() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		Path out = tmp.getRoot().toPath().resolve("labels");
		Map<String, Object> in = new HashMap<>(Map.of("model", model.toFile(), "folder", tmp.newFolder("images"), "output",
			out.toFile()));
		String[][] cases = { { "shard", "3/2", "Segment: shard: 3/2 does not exist: i counts from 0 and must be below n (0/2 ... 1/2)" },
			{ "shard", "0/0", "Segment: shard: 0/0 has no shards: n must be at least 1" },
			{ "shard", "1 of 2", "Segment: shard: '1 of 2' is not i/n (e.g. 0/4 for the first of 4 shards, counted from 0)" },
			{ "device", "gpu", null } };
		for (String[] c : cases) {
			Map<String, Object> args = new HashMap<>(in);
			args.put(c[0], c[1]);
			CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, args);
			assertTrue(c[1], m.isCanceled());
			if (c[2] != null) assertEquals(c[2], m.getCancelReason());
			else {
				Assume.assumeTrue(DeviceChoice.AUTO.select().report().usableGpus().isEmpty());
				assertTrue(m.getCancelReason(), m.getCancelReason().startsWith("Segment: device=gpu0: no usable GPU: "));
			}
			assertFalse(Files.exists(out));
		}
		Map<String, Object> image = new HashMap<>(Map.of("model", model.toFile(), "shard", "0/2", "input",
			sc.fiji.meanteacher.volume.ImagePlusVolumes.toImagePlus(new sc.fiji.meanteacher.data.SyntheticAtriumGenerator(1)
				.generate(0, 16, 16, 16).image())));
		CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, image);
		assertEquals("Segment: shard=0/2 splits a batch folder, but no folder is given", m.getCancelReason());
	}

	/** A segmentation log starts with the device report and the device chosen. */
	@Test
	public void segmentationLogStartsWithTheDeviceReport() throws Exception {
		Path model = CommandTestSupport.untrainedModel(tmp.getRoot().toPath().resolve("model.zip"));
		List<String> logged = new ArrayList<>();
		LogListener listener = message -> logged.add(message.text());
		LogService log = context.service(LogService.class);
		log.addLogListener(listener);
		try {
			CommandModule m = CommandTestSupport.run(context, SegmentCommand.class, Map.of("model", model.toFile(), "device", "CPU",
				"input", sc.fiji.meanteacher.volume.ImagePlusVolumes.toImagePlus(new sc.fiji.meanteacher.data.SyntheticAtriumGenerator(1)
					.generate(0, 16, 16, 16).image())));
			assertFalse(m.getCancelReason(), m.isCanceled());
		}
		finally {
			log.removeLogListener(listener);
		}
		List<String> expected = new ArrayList<>(DeviceReport.gather().lines());
		expected.add("device: cpu (device=cpu)");
		assertEquals(expected, logged.subList(0, expected.size()));
	}
}
