package sc.fiji.meanteacher.command;

import org.junit.rules.ExternalResource;

import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Images "open in Fiji" for a test: registered as ImageJ batch-mode images, which
 * {@link WindowManager} lists like windows, so this works headless too. Closes them all afterwards.
 */
public final class OpenImages extends ExternalResource {

	/** Makes {@code images} open, in this order. */
	public void open(ImagePlus... images) {
		Interpreter.batchMode = true;
		for (ImagePlus imp : images) Interpreter.addBatchModeImage(imp);
	}

	@Override
	protected void after() {
		closeAll();
	}

	/** Closes every open image (batch-mode or windowed) and leaves batch mode. */
	public static void closeAll() {
		int[] ids = WindowManager.getIDList();
		if (ids != null) for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp == null) continue;
			Interpreter.removeBatchModeImage(imp);
			if (imp.getWindow() != null) {
				imp.changes = false;
				imp.close();
			}
		}
		Interpreter.batchMode = false;
	}
}
