package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.scijava.command.CommandModule;

import ij.measure.ResultsTable;
import sc.fiji.meanteacher.files.OutputPolicy;
import sc.fiji.meanteacher.ui.MetricsTable;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;
import sc.fiji.meanteacher.volume.NiftiVolumes;
import sc.fiji.meanteacher.volume.VolumeIO;
import sc.fiji.meanteacher.volume.nifti.NiftiDataType;
import sc.fiji.meanteacher.volume.nifti.NiftiHeader;
import sc.fiji.meanteacher.volume.nifti.NiftiLayout;
import sc.fiji.meanteacher.volume.nifti.NiftiOrientation;

public class EvaluateCommandTest extends CommandTestBase {

	/** A 10³ volume with the 4³ cube [x0, x0+4) × [2, 6) × [2, 6), voxel size 0.5 mm. */
	private static LabelVolume cube(String name, int x0) {
		byte[] v = new byte[1000];
		for (int z = 2; z < 6; z++)
			for (int y = 2; y < 6; y++)
				for (int x = x0; x < x0 + 4; x++) v[x + 10 * (y + 10 * z)] = 1;
		return LabelVolume.wrap(name, v, new long[] { 10, 10, 10 }, new double[] { 0.5, 0.5, 0.5 });
	}

	private void write(Path folder, LabelVolume labels) throws Exception {
		VolumeIO.writeTiff(ImagePlusVolumes.toImagePlus(labels, "mm"), folder.resolve(labels.name() + ".tif"));
	}

	@Test
	public void tableHoldsPerCaseMetricsThenMeanAndSd() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		// Case a: prediction shifted one voxel along x (overlap 3·4·4 = 48 of 64 each); case b: exact.
		write(truth, cube("a", 2));
		write(pred, cube("a", 3));
		write(truth, cube("b", 2));
		write(pred, cube("b", 2));
		Path csv = tmp.getRoot().toPath().resolve("out/metrics.csv");
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile(), "csv", csv.toFile()));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable rt = (ResultsTable) m.getOutput("table");
		assertArrayEquals(new String[] { "Case", "Class", "Dice", "Jaccard", "HD95 (vox)", "ASD (vox)", "HD95 (mm)", "ASD (mm)",
			"Cases", "Distance cases", "Note" }, rt.getHeadings());
		assertEquals(4, rt.size());
		assertEquals("a", rt.getStringValue("Case", 0));
		assertEquals(1, rt.getValue("Class", 0), 0);
		assertEquals(96.0 / 128, rt.getValue("Dice", 0), 1e-9);
		assertEquals(48.0 / 80, rt.getValue("Jaccard", 0), 1e-9);
		double hd = rt.getValue("HD95 (vox)", 0);
		assertTrue("a one-voxel shift moves no surface voxel further than 1: " + hd, hd > 0 && hd <= 1);
		assertEquals(0.5 * hd, rt.getValue("HD95 (mm)", 0), 1e-9);
		assertEquals(0.5 * rt.getValue("ASD (vox)", 0), rt.getValue("ASD (mm)", 0), 1e-9);
		assertEquals(1, rt.getValue("Dice", 1), 0);
		assertEquals(0, rt.getValue("HD95 (vox)", 1), 0);
		assertEquals(MetricsTable.MEAN_ROW, rt.getStringValue("Case", 2));
		assertEquals((0.75 + 1) / 2, rt.getValue("Dice", 2), 1e-9);
		assertEquals(MetricsTable.SD_ROW, rt.getStringValue("Case", 3));
		assertEquals(Math.sqrt(2 * 0.125 * 0.125), rt.getValue("Dice", 3), 1e-9);
		assertEquals(hd / 2, rt.getValue("HD95 (vox)", 2), 1e-9);

		List<String> lines = Files.readAllLines(csv);
		assertEquals(5, lines.size());
		assertEquals("Case,Class,Dice,Jaccard,HD95 (vox),ASD (vox),HD95 (mm),ASD (mm),Cases,Distance cases,Note", lines.get(0));
		assertTrue(lines.get(1), lines.get(1).startsWith("a,1,0.75,0.6,"));
		// full precision for machines, not the table's three decimals
		String[] a = lines.get(1).split(",");
		assertEquals(hd, Double.parseDouble(a[4]), 0);
		assertEquals(rt.getValue("ASD (vox)", 0), Double.parseDouble(a[5]), 0);
		assertEquals(Math.sqrt(2 * 0.125 * 0.125), Double.parseDouble(lines.get(4).split(",")[2]), 0);
		assertTrue("the check can fail: the sd has more than three decimals", Double.toString(Math.sqrt(2 * 0.125 * 0.125)).length() > 5);
		assertTrue(lines.get(3), lines.get(3).startsWith("mean,1,0.875,"));
	}

	/**
	 * NIfTI predictions and truths pair by base name; distances are in millimetres from pixdim, here
	 * given in micrometres (500 × 1000 × 2000 µm voxels).
	 */
	@Test
	public void niftiDistancesAreInMillimetresFromPixdim() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		NiftiHeader micrometres = new NiftiHeader(NiftiLayout.NIFTI_1, new long[] { 3, 10, 10, 10, 1, 1, 1, 1 },
			new double[] { 500, 1000, 2000, 1, 1, 1, 1 }, 3, NiftiOrientation.NONE, NiftiDataType.INT16, 1, 0);
		NiftiVolumes.writeLabels(cube("a", 2), micrometres, truth.resolve("a.nii.gz"), OutputPolicy.newFilesOnly());
		NiftiVolumes.writeLabels(cube("a", 3), micrometres, pred.resolve("a.nii"), OutputPolicy.newFilesOnly());
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile()));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable rt = (ResultsTable) m.getOutput("table");
		assertEquals("a", rt.getStringValue("Case", 0));
		assertEquals(96.0 / 128, rt.getValue("Dice", 0), 1e-9);
		double hd = rt.getValue("HD95 (vox)", 0);
		assertTrue("a one-voxel shift along x: " + hd, hd > 0 && hd <= 1);
		// the shift is along x, whose voxels are 0.5 mm
		assertEquals(0.5 * hd, rt.getValue("HD95 (mm)", 0), 1e-9);
		assertEquals(0.5 * rt.getValue("ASD (vox)", 0), rt.getValue("ASD (mm)", 0), 1e-9);
	}

	@Test
	public void mismatchedFileNamesFailNamingThem() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		write(truth, cube("a", 2));
		write(pred, cube("b", 2));
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains("no prediction for [a]; no truth for [b]"));
		assertEquals(null, m.getOutput("table"));
	}

	/**
	 * Five empty predictions of six: the Dice mean covers all six, the distance means only the one
	 * case with a surface, and the table and the notes name the five left out and why.
	 */
	@Test
	public void distanceMeansSayWhichCasesTheyLeaveOut() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		for (int i = 0; i < 6; i++) {
			write(truth, cube("c" + i, 2));
			write(pred, i == 0 ? cube("c0", 2) : LabelVolume.wrap("c" + i, new byte[1000], new long[] { 10, 10, 10 },
				new double[] { 0.5, 0.5, 0.5 }));
		}
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile()));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable rt = (ResultsTable) m.getOutput("table");
		int mean = 6;
		assertEquals(MetricsTable.MEAN_ROW, rt.getStringValue(MetricsTable.CASE, mean));
		assertEquals(1.0 / 6, rt.getValue("Dice", mean), 1e-12);
		assertEquals(6, rt.getValue(MetricsTable.CASES, mean), 0);
		assertEquals(1, rt.getValue(MetricsTable.DISTANCE_CASES, mean), 0);
		assertEquals("HD95 and ASD over 1 of 6 cases", rt.getStringValue(MetricsTable.NOTE, mean));
		assertEquals(0, rt.getValue(MetricsTable.DISTANCE_CASES, 1), 0);
		assertEquals("empty prediction: no HD95 or ASD", rt.getStringValue(MetricsTable.NOTE, 1));
		String notes = (String) m.getOutput("notes");
		assertTrue(notes, notes.startsWith("HD95 and ASD of class 1 cover 1 of 6 cases"));
		for (int i = 1; i < 6; i++) assertTrue(notes, notes.contains("c" + i + " (empty prediction)"));
		assertFalse(notes, notes.contains("c0"));
	}

	/**
	 * A case whose truth lacks class 2 is still scored for class 2, so the class-2 voxels its
	 * prediction invents count as the false positives they are.
	 */
	@Test
	public void everyCaseIsScoredForEveryClassFound() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		LabelVolume onlyOne = cube("x", 2), withTwo = withClassTwo(cube("y", 2), 7);
		write(truth, onlyOne);
		write(pred, withClassTwo(cube("x", 2), 7));
		write(truth, withTwo);
		write(pred, withClassTwo(cube("y", 2), 7));
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile()));
		assertFalse(m.getCancelReason(), m.isCanceled());
		ResultsTable rt = (ResultsTable) m.getOutput("table");
		// rows: x/1, x/2, y/1, y/2, then mean and sd of class 1 and of class 2
		assertEquals("x", rt.getStringValue(MetricsTable.CASE, 1));
		assertEquals(2, rt.getValue(MetricsTable.CLASS, 1), 0);
		assertEquals("the invented class 2 of x scores 0", 0, rt.getValue("Dice", 1), 0);
		assertEquals("empty truth: no HD95 or ASD", rt.getStringValue(MetricsTable.NOTE, 1));
		int meanOfTwo = 6;
		assertEquals(MetricsTable.MEAN_ROW, rt.getStringValue(MetricsTable.CASE, meanOfTwo));
		assertEquals(2, rt.getValue(MetricsTable.CLASS, meanOfTwo), 0);
		assertEquals(2, rt.getValue(MetricsTable.CASES, meanOfTwo), 0);
		assertEquals(0.5, rt.getValue("Dice", meanOfTwo), 1e-12);
	}

	/** The cube with a 2³ block of class 2 from (x0, 6, 6) on. */
	private static LabelVolume withClassTwo(LabelVolume labels, int x0) {
		byte[] v = labels.data().clone();
		for (int z = 6; z < 8; z++)
			for (int y = 6; y < 8; y++)
				for (int x = x0; x < x0 + 2; x++) v[x + 10 * (y + 10 * z)] = 2;
		return LabelVolume.wrap(labels.name(), v, labels.dims(), labels.voxelSize());
	}

	/** A CSV that cannot be written is reported before the evaluation, naming the file in its way. */
	@Test
	public void csvUnderAFileFailsBeforeEvaluating() throws Exception {
		Path pred = tmp.newFolder("pred").toPath(), truth = tmp.newFolder("truth").toPath();
		write(truth, cube("a", 2));
		write(pred, cube("a", 2));
		Path file = Files.writeString(tmp.getRoot().toPath().resolve("notes.txt"), "a file");
		CommandModule m = CommandTestSupport.run(context, EvaluateCommand.class,
			Map.of("predictions", pred.toFile(), "truth", truth.toFile(), "csv", file.resolve("metrics.csv").toFile()));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().contains(file + " is an existing file, not a folder"));
	}
}
