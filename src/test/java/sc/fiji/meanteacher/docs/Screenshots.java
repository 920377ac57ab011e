package sc.fiji.meanteacher.docs;

import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.swing.JFrame;
import javax.swing.JLabel;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import sc.fiji.meanteacher.command.DemoDataCommand;
import sc.fiji.meanteacher.command.EvaluateCommand;
import sc.fiji.meanteacher.command.SegmentCommand;
import sc.fiji.meanteacher.command.TrainCommand;
import sc.fiji.meanteacher.train.RunFolder;
import sc.fiji.meanteacher.train.TrainingPreset;
import sc.fiji.meanteacher.volume.VolumeIO;

/**
 * The README's pictures, taken from a real ImageJ session (run by {@code docs/screenshots.sh}
 * under Xvfb): a short Mean Teacher training on open demo images with its training window captured
 * mid-run, a segmentation of an unseen case (label image with its LUT, input with the class
 * outlines, both on the middle slice) and the evaluation's results table. Each window is moved to
 * a free part of the screen and grabbed from the screen itself, so the PNGs show what a user sees.
 */
public final class Screenshots {

	private static final int ITERATIONS = 90, CAPTURE_AT = 60;
	private static final String SIZE = "112,112,64";
	private static final int ZOOM_PERCENT = 300;

	private Screenshots() {}

	public static void main(String... args) throws Exception {
		if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("needs a display: run docs/screenshots.sh (Xvfb)");
		Path docs = Path.of(args.length > 0 ? args[0] : "docs");
		Path work = Files.createTempDirectory("mean-teacher-screenshots");
		ImageJ imagej = new ImageJ();
		imagej.setLocation(1700, 0);
		Context context = new Context();
		try {
			take(context, docs, work);
		}
		finally {
			context.dispose();
		}
		System.exit(0);
	}

	private static void take(Context context, Path docs, Path work) throws Exception {
		CommandService commands = context.service(CommandService.class);
		// Six cases: 0-2 labeled (2 held out for validation: the last), 3-4 unlabeled, 5 unseen.
		Path demo = work.resolve("demo");
		run(commands, DemoDataCommand.class, Map.of("output", demo.toFile(), "cases", 6, "labeled", 3, "size", SIZE, "seed", 1337L));
		for (int i = 0; i < 5; i++) {
			String name = String.format(java.util.Locale.ROOT, "synthetic-%03d", i);
			showAside(VolumeIO.openTiff(demo.resolve(DemoDataCommand.IMAGES).resolve(name + ".tif")), i);
			Path label = demo.resolve(DemoDataCommand.LABELS).resolve(name + ".tif");
			if (Files.exists(label)) {
				ImagePlus l = VolumeIO.openTiff(label);
				l.setTitle(name + "-labels");
				showAside(l, 5 + i);
			}
		}

		Path model = work.resolve("model");
		Map<String, Object> train = new HashMap<>();
		train.put("source", TrainCommand.OPEN_IMAGES);
		train.put("output", model.toFile());
		train.put("preset", TrainingPreset.QUICK_DEMO_LABEL);
		train.put("iterations", ITERATIONS);
		train.put("rampup", ITERATIONS / 2.0);
		train.put("validation", 1);
		train.put("valstart", 15);
		train.put("valinterval", 15);
		Future<CommandModule> training = commands.run(TrainCommand.class, true, train);
		JFrame window = trainingWindow(TrainCommand.TITLE + ": " + model.getFileName());
		place(window, 0, 0);
		capture(window, docs.resolve("training-window.png"));
		CommandModule trained = training.get();
		if (trained.isCanceled()) throw new IllegalStateException(trained.getCancelReason());
		window.dispose();
		for (int id : WindowManager.getIDList()) WindowManager.getImage(id).close();

		ImagePlus input = VolumeIO.openTiff(demo.resolve(DemoDataCommand.IMAGES).resolve("synthetic-005.tif"));
		input.show();
		CommandModule segmented = run(commands, SegmentCommand.class,
			Map.of("input", input, "model", model.resolve(RunFolder.BEST_MODEL).toFile()));
		ImagePlus labels = (ImagePlus) segmented.getOutput("labels");
		labels.show();
		for (ImagePlus imp : new ImagePlus[] { input, labels }) {
			IJ.run(imp, "Set... ", "zoom=" + ZOOM_PERCENT);
			imp.setSlice(imp.getNSlices() / 2);
		}
		place(input.getWindow(), 0, 0);
		place(labels.getWindow(), input.getWindow().getWidth() + 20, 0);
		capture(labels.getWindow(), docs.resolve("label-image.png"));
		capture(input.getWindow(), docs.resolve("overlay.png"));

		Path predictions = work.resolve("predictions");
		run(commands, SegmentCommand.class, Map.of("model", model.resolve(RunFolder.BEST_MODEL).toFile(), "folder",
			demo.resolve(DemoDataCommand.IMAGES).toFile(), "output", predictions.toFile()));
		run(commands, EvaluateCommand.class, Map.of("predictions", predictions.toFile(), "truth",
			demo.resolve(DemoDataCommand.TRUTH).toFile(), "csv", work.resolve("metrics.csv").toFile()));
		Frame table = WindowManager.getFrame(EvaluateCommand.TITLE);
		if (table == null) throw new IllegalStateException("no results table window");
		place(table, 0, 700);
		capture(table, docs.resolve("results-table.png"));
		System.out.println("screenshots written to " + docs.toAbsolutePath() + "; work files in " + work);
	}

	private static CommandModule run(CommandService commands, Class<? extends Command> command, Map<String, Object> inputs)
		throws Exception
	{
		CommandModule m = commands.run(command, true, inputs).get();
		if (m.isCanceled()) throw new IllegalStateException(command.getSimpleName() + ": " + m.getCancelReason());
		return m;
	}

	/** Shows a training image out of the way of the windows that are photographed. */
	private static void showAside(ImagePlus imp, int k) {
		imp.show();
		place(imp.getWindow(), 1700 + (k % 5) * 30, 200 + k * 30);
	}

	/** The training window once its run has passed {@link #CAPTURE_AT} iterations. */
	private static JFrame trainingWindow(String title) throws InterruptedException {
		while (true) {
			for (Frame f : Frame.getFrames())
				if (f.isShowing() && f.getTitle().equals(title) && f instanceof JFrame j && iteration(j) >= CAPTURE_AT) return j;
			Thread.sleep(100);
		}
	}

	private static int iteration(JFrame frame) {
		JLabel label = find(frame.getContentPane());
		if (label == null) return -1;
		String[] words = label.getText().split("\\s+");
		return words.length > 1 ? Integer.parseInt(words[1]) : -1;
	}

	private static JLabel find(java.awt.Container c) {
		for (java.awt.Component child : c.getComponents()) {
			if (child instanceof JLabel l && l.getText() != null && l.getText().startsWith("Iteration ")) return l;
			if (child instanceof java.awt.Container inner) {
				JLabel found = find(inner);
				if (found != null) return found;
			}
		}
		return null;
	}

	private static void place(Window w, int x, int y) {
		try {
			EventQueue.invokeAndWait(() -> {
				w.setLocation(x, y);
				w.toFront();
			});
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	/** Grabs the window's area from the screen once it has been drawn. */
	private static void capture(Window w, Path png) throws Exception {
		EventQueue.invokeAndWait(w::repaint);
		Thread.sleep(1500);
		Rectangle r = w.getBounds();
		BufferedImage image = new Robot().createScreenCapture(r);
		Files.createDirectories(png.toAbsolutePath().getParent());
		ImageIO.write(image, "png", png.toFile());
		System.out.println(png + ": " + r.width + " x " + r.height);
	}
}
