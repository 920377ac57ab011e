package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.meanteacher.device.DeviceChoice;
import sc.fiji.meanteacher.device.DeviceSelection;

/** A training on the device it was given, with the device report at the start of its log. */
public class TrainingDeviceTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void theLogStartsWithTheDeviceReportAndTheArraysStayOnTheDevice() throws Exception {
		DeviceSelection cpu = DeviceChoice.CPU.select();
		SegmentationTrainer t = new SegmentationTrainer(SegmentationTrainerTest.tiny(TrainingMethods.MEAN_TEACHER, 2),
			SegmentationTrainerTest.cases(2, 2, 0), tmp.getRoot().toPath()).device(cpu);
		List<String> messages = new ArrayList<>();
		List<Integer> offDevice = new ArrayList<>();
		t.addListener(new TrainingListener() {
			@Override
			public void message(String text) {
				messages.add(text);
			}

			@Override
			public void iterationDone(IterationReport report) {
				offDevice.add(t.liveArraysOffDevice());
			}
		});
		TrainingResult r = t.train();
		assertEquals(2, r.iterationsDone());
		List<String> expected = cpu.lines();
		assertEquals(expected, messages.subList(0, expected.size()));
		assertEquals("device: cpu (device=cpu)", messages.get(expected.size() - 1));
		assertTrue(messages.get(expected.size()), messages.get(expected.size()).startsWith("training "));
		assertEquals(List.of(0, 0), offDevice);
		assertEquals(-1, t.liveArraysOffDevice());
	}
}
