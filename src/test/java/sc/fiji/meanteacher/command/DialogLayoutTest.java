package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;
import org.scijava.service.Service;

import org.junit.Test;

import sc.fiji.meanteacher.train.TrainingMethods;

/**
 * The dialogs' shape: every macro key the commands had before the grouping still exists (macros
 * and headless calls name them), and the fields a user fills first come first.
 */
public class DialogLayoutTest {

	/** The inputs of Train and Segment before presets and grouping, as macros use them. */
	private static final List<String> TRAIN_KEYS = List.of("images", "labels", "labeledlist", "unlabeledlist", "output", "scale",
		"method", "classes", "patch", "iterations", "batch", "labeledbatch", "lr", "schedule", "lrstep", "lrgamma", "ema",
		"consistency", "rampup", "rampstep", "intensity", "filters", "depth", "init", "seed", "validation", "valinterval",
		"valstart", "checkpoint", "resume", "progress", "device");
	private static final List<String> SEGMENT_KEYS = List.of("input", "model", "ptpatch", "ptclasses", "ptintensity", "folder",
		"caselist", "shard", "output", "overwrite", "overlap", "blending", "windows", "tta", "largest", "fillholes", "probabilities", "device");

	/** Inputs a user or macro sets, in dialog order (no services, no headers). */
	private static List<String> keys(Class<? extends Command> command) {
		List<String> keys = new ArrayList<>();
		for (ModuleItem<?> item : new CommandInfo(command).inputs())
			if (item.getVisibility() != ItemVisibility.MESSAGE && !Service.class.isAssignableFrom(item.getType())
				&& item.getType() != Context.class) keys.add(item.getName());
		return keys;
	}

	@Test
	public void everyEarlierKeyIsStillAnInput() {
		assertTrue(keys(TrainCommand.class).containsAll(TRAIN_KEYS));
		assertTrue(keys(SegmentCommand.class).containsAll(SEGMENT_KEYS));
	}

	@Test
	public void trainListsTheRegisteredMethods() {
		assertEquals(TrainingMethods.labels(), new CommandInfo(TrainCommand.class).getInput("method").getChoices());
	}

	@Test
	public void trainAsksForDataOutputMethodPresetPatchAndIterationsFirst() {
		assertEquals(List.of("source", "images", "labels", "labeledlist", "unlabeledlist", "output", "method", "preset", "patch",
			"iterations"), keys(TrainCommand.class).subList(0, 10));
	}

	@Test
	public void trainGroupsTheRestUnderHeaders() {
		List<String> headers = new ArrayList<>();
		for (ModuleItem<?> item : new CommandInfo(TrainCommand.class).inputs())
			if (item.getVisibility() == ItemVisibility.MESSAGE && item.getName().endsWith("header"))
				headers.add(String.valueOf(item.getDefaultValue()).replaceAll("<[^>]+>", ""));
		assertEquals(List.of("Data", "Batch and optimiser", "Consistency (Mean Teacher and UA-MT)", "Copy-paste Mean Teacher", "Network",
			"Validation and checkpoints", "Device"), headers);
	}

	/** The inputs of {@code command} in dialog order, each header as {@code #title}. */
	private static List<String> layout(Class<? extends Command> command) {
		List<String> items = new ArrayList<>();
		for (ModuleItem<?> item : new CommandInfo(command).inputs())
			if (item.getVisibility() == ItemVisibility.MESSAGE && item.getName().endsWith("header"))
				items.add("#" + String.valueOf(item.getDefaultValue()).replaceAll("<[^>]+>", ""));
			else if (item.getVisibility() != ItemVisibility.MESSAGE && !Service.class.isAssignableFrom(item.getType())
				&& item.getType() != Context.class) items.add(item.getName());
		return items;
	}

	@Test
	public void deviceHasItsOwnGroupAndShardSitsWithTheFolder() {
		List<String> train = layout(TrainCommand.class);
		assertEquals(List.of("#Device", "device"), train.subList(train.size() - 2, train.size()));
		List<String> segment = layout(SegmentCommand.class);
		int device = segment.indexOf("device");
		assertEquals("#Device", segment.get(device - 1));
		assertTrue(segment.get(device + 1), segment.get(device + 1).startsWith("#TorchScript"));
		assertEquals(List.of("folder", "caselist", "shard", "output"), segment.subList(segment.indexOf("folder"),
			segment.indexOf("output") + 1));
	}

	/** The Decathlon switch is a data setting: in the Data group beside the classes, not among the first fields. */
	@Test
	public void testAsUnlabeledSitsWithTheData() {
		List<String> train = layout(TrainCommand.class);
		int data = train.indexOf("#Data");
		assertEquals(List.of("scale", "spacing", "classes", "testasunlabeled", "intensity"), train.subList(data + 1, data + 6));
	}

	@Test
	public void segmentPutsTheTorchScriptFieldsLast() {
		List<String> keys = keys(SegmentCommand.class);
		assertEquals(List.of("model", "input", "folder", "caselist", "shard", "output"), keys.subList(0, 6));
		assertEquals(List.of("ptpatch", "ptclasses", "ptintensity"), keys.subList(keys.size() - 3, keys.size()));
	}
}
