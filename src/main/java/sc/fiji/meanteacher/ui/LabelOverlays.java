package sc.fiji.meanteacher.ui;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import sc.fiji.meanteacher.volume.ImagePlusVolumes;
import sc.fiji.meanteacher.volume.LabelVolume;

/**
 * How a segmentation looks in ImageJ 1.x: a label stack with one distinct colour per class, and
 * the class outlines as an {@link Overlay} (one ROI per class and slice, each bound to its slice)
 * that can be laid over the input image.
 */
public final class LabelOverlays {

	/** Hand-picked colours for the first classes, easy to tell apart on grey images. */
	private static final Color[] PALETTE = { Color.BLACK, new Color(255, 48, 48), new Color(48, 220, 48),
		new Color(64, 128, 255), new Color(255, 220, 0), new Color(255, 64, 255), new Color(0, 230, 230),
		new Color(255, 140, 0) };
	/** Successive hues after the palette: the golden angle keeps neighbouring labels far apart. */
	private static final float GOLDEN_ANGLE = 0.381966f;

	private LabelOverlays() {}

	/** The display colour of class {@code c} (0 = background, black). */
	public static Color classColour(int c) {
		if (c < 0 || c > 255) throw new IllegalArgumentException("class " + c + " is outside 0..255");
		if (c < PALETTE.length) return PALETTE[c];
		return Color.getHSBColor((c * GOLDEN_ANGLE) % 1f, 0.85f, 1f);
	}

	/** A 256-entry LUT mapping label value v to {@link #classColour(int) classColour(v)}. */
	public static LUT classLut() {
		byte[] r = new byte[256], g = new byte[256], b = new byte[256];
		for (int v = 0; v < 256; v++) {
			Color c = classColour(v);
			r[v] = (byte) c.getRed();
			g[v] = (byte) c.getGreen();
			b[v] = (byte) c.getBlue();
		}
		return new LUT(r, g, b);
	}

	/** An 8-bit stack of the labels with the class LUT, displayed 0..255 so that value v shows colour v. */
	public static ImagePlus labelImage(LabelVolume labels, String unit) {
		ImagePlus imp = ImagePlusVolumes.toImagePlus(labels, unit);
		imp.setLut(classLut());
		imp.setDisplayRange(0, 255);
		return imp;
	}

	/**
	 * Outlines of classes {@code 1 .. numClasses-1}, slice by slice: one ROI per class present in a
	 * slice, positioned on that slice (1-based), named "class c, slice z", stroked in the class colour.
	 */
	public static Overlay outlines(LabelVolume labels, int numClasses) {
		List<String> numbered = new ArrayList<>();
		for (int c = 0; c < numClasses; c++) numbered.add("class " + c);
		return outlines(labels, numbered);
	}

	/**
	 * As {@link #outlines(LabelVolume, int)} for the classes of {@code classNames} (background
	 * first), each ROI named by its class: "left atrium, slice z".
	 */
	public static Overlay outlines(LabelVolume labels, List<String> classNames) {
		int numClasses = classNames.size();
		if (numClasses < 2 || numClasses > 256)
			throw new IllegalArgumentException(labels.name() + ": outlines need 2..256 classes, got " + numClasses);
		int nx = labels.nx(), ny = labels.ny(), plane = nx * ny;
		byte[] data = labels.data();
		Overlay overlay = new Overlay();
		ThresholdToSelection tracer = new ThresholdToSelection();
		byte[] mask = new byte[plane];
		for (int z = 0; z < labels.nz(); z++) {
			for (int c = 1; c < numClasses; c++) {
				boolean any = false;
				for (int i = 0; i < plane; i++) {
					boolean in = (data[z * plane + i] & 0xff) == c;
					mask[i] = in ? (byte) 255 : 0;
					any |= in;
				}
				if (!any) continue;
				ImageProcessor ip = new ByteProcessor(nx, ny, mask.clone());
				ip.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				Roi roi = tracer.convert(ip);
				if (roi == null) continue;
				roi.setStrokeColor(classColour(c));
				roi.setPosition(z + 1);
				roi.setName(classNames.get(c) + ", slice " + (z + 1));
				overlay.add(roi);
			}
		}
		return overlay;
	}

	/**
	 * Replaces the overlay of {@code image} with the outlines of {@code labels}; the sizes must match.
	 *
	 * @param classNames the ROIs' class names, background first; empty for "class c" of {@code numClasses}
	 */
	public static Overlay showOutlines(ImagePlus image, LabelVolume labels, int numClasses, List<String> classNames) {
		if (image.getWidth() != labels.nx() || image.getHeight() != labels.ny() || image.getStackSize() != labels.nz())
			throw new IllegalArgumentException(image.getTitle() + ": size " + image.getWidth() + " x " + image.getHeight()
				+ " x " + image.getStackSize() + " differs from the labels' " + labels.nx() + " x " + labels.ny() + " x "
				+ labels.nz());
		Overlay overlay = classNames.size() == numClasses ? outlines(labels, classNames) : outlines(labels, numClasses);
		image.setOverlay(overlay);
		return overlay;
	}
}
