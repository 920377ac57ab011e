package sc.fiji.meanteacher.infer;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

public class LabelPostProcessingTest {

	/** Sets the box [x0, x1] x [y0, y1] x [z0, z1] (inclusive) to {@code value}. */
	private static void box(RandomAccessibleInterval<? extends IntegerType<?>> img, int value, int x0, int x1, int y0, int y1, int z0, int z1) {
		RandomAccess<? extends IntegerType<?>> a = img.randomAccess();
		for (int z = z0; z <= z1; z++)
			for (int y = y0; y <= y1; y++)
				for (int x = x0; x <= x1; x++) {
					a.setPosition(new long[] { x, y, z });
					a.get().setInteger(value);
				}
	}

	/** A hollow cube of {@code value} with faces at {@code lo} and {@code hi} along every axis. */
	private static void shell(RandomAccessibleInterval<? extends IntegerType<?>> img, int value, int lo, int hi) {
		box(img, value, lo, hi, lo, hi, lo, hi);
		box(img, 0, lo + 1, hi - 1, lo + 1, hi - 1, lo + 1, hi - 1);
	}

	private static int count(RandomAccessibleInterval<? extends IntegerType<?>> img, int value) {
		int n = 0;
		for (IntegerType<?> t : Views.flatIterable(img))
			if (t.getInteger() == value) n++;
		return n;
	}

	private static int at(RandomAccessibleInterval<? extends IntegerType<?>> img, long... pos) {
		RandomAccess<? extends IntegerType<?>> a = img.randomAccess();
		a.setPosition(pos);
		return a.get().getInteger();
	}

	@Test
	public void keepsTheLargestComponentOfEachClass() {
		RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(12, 8, 6);
		box(img, 1, 1, 3, 1, 3, 1, 3); // 27 voxels
		box(img, 1, 7, 8, 1, 2, 1, 2); // 8
		box(img, 2, 1, 2, 5, 6, 4, 5); // 8
		box(img, 2, 10, 10, 6, 6, 4, 4); // 1
		assertEquals(9, LabelPostProcessing.keepLargestComponent(img));
		assertEquals(27, count(img, 1));
		assertEquals(8, count(img, 2));
		assertEquals(1, at(img, 2, 2, 2));
		assertEquals(0, at(img, 7, 1, 1));
		assertEquals(2, at(img, 1, 5, 4));
		assertEquals(0, at(img, 10, 6, 4));
	}

	@Test
	public void cornerContactConnectsUnder26Connectivity() {
		// A and B (8 voxels each) meet only at one corner: together 16, more than C's 12.
		RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(10, 6, 6);
		box(img, 1, 0, 1, 0, 1, 0, 1);
		box(img, 1, 2, 3, 2, 3, 2, 3);
		box(img, 1, 6, 8, 0, 1, 0, 1);
		assertEquals(12, LabelPostProcessing.keepLargestComponent(img));
		assertEquals(1, at(img, 0, 0, 0));
		assertEquals(1, at(img, 3, 3, 3));
		assertEquals(0, at(img, 6, 0, 0));

		// One voxel further apart, A and B are separate 8-voxel blobs and C wins.
		RandomAccessibleInterval<UnsignedByteType> apart = ArrayImgs.unsignedBytes(10, 6, 6);
		box(apart, 1, 0, 1, 0, 1, 0, 1);
		box(apart, 1, 3, 4, 3, 4, 3, 4);
		box(apart, 1, 6, 8, 0, 1, 0, 1);
		assertEquals(16, LabelPostProcessing.keepLargestComponent(apart));
		assertEquals(12, count(apart, 1));
		assertEquals(1, at(apart, 6, 0, 0));
	}

	@Test
	public void fillsAnEnclosedCavity() {
		RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(7, 7, 7);
		shell(img, 1, 1, 5);
		// A missing corner opens the shell only diagonally: background holds together by faces, so
		// the cavity stays closed and the missing corner itself belongs to the outside.
		box(img, 0, 1, 1, 1, 1, 1, 1);
		assertEquals(27, LabelPostProcessing.fillHoles(img));
		assertEquals(1, at(img, 3, 3, 3));
		assertEquals(1, at(img, 2, 2, 2));
		assertEquals(0, at(img, 1, 1, 1));
		assertEquals(125 - 1, count(img, 1));
	}

	@Test
	public void leavesADentOpenToTheBorder() {
		// Walls at x, y = 1 and 5 and a floor at z = 0, no lid: the cup's inside reaches z = 4, the border.
		RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(7, 7, 5);
		box(img, 1, 1, 5, 1, 5, 0, 4);
		box(img, 0, 2, 4, 2, 4, 1, 4);
		assertEquals(0, LabelPostProcessing.fillHoles(img));
		assertEquals(0, at(img, 3, 3, 2));
		// With a side wall opened by one voxel towards the outside, a closed box is not filled either.
		RandomAccessibleInterval<UnsignedByteType> leaky = ArrayImgs.unsignedBytes(7, 7, 7);
		shell(leaky, 1, 1, 5);
		box(leaky, 0, 1, 1, 3, 3, 3, 3);
		assertEquals(0, LabelPostProcessing.fillHoles(leaky));
	}

	@Test
	public void fillsEachClassWithItsOwnLabelButNotCavitiesBetweenClasses() {
		RandomAccessibleInterval<UnsignedByteType> img = ArrayImgs.unsignedBytes(14, 7, 7);
		shell(img, 2, 1, 5);
		RandomAccessibleInterval<UnsignedByteType> right = Views.translate(Views.interval(img, new long[] { 7, 0, 0 }, new long[] { 13, 6, 6 }), -7, 0, 0);
		shell(right, 1, 1, 5);
		box(right, 3, 1, 5, 1, 5, 5, 5); // the lid of the right box is class 3
		assertEquals(27, LabelPostProcessing.fillHoles(img));
		assertEquals(2, at(img, 3, 3, 3));
		assertEquals(0, at(img, 10, 3, 3));
	}

	@Test
	public void worksOnTwoDimensionalShortImagesAnywhere() {
		RandomAccessibleInterval<UnsignedShortType> img = Views.translate(ArrayImgs.unsignedShorts(7, 7), 10, 20);
		RandomAccess<UnsignedShortType> a = img.randomAccess();
		for (int y = 1; y <= 5; y++)
			for (int x = 1; x <= 5; x++) {
				a.setPosition(new long[] { 10 + x, 20 + y });
				a.get().set(x == 1 || x == 5 || y == 1 || y == 5 ? 300 : 0);
			}
		a.setPosition(new long[] { 10, 20 });
		a.get().set(300); // touches the ring's corner (1, 1) diagonally, so it is part of it
		assertEquals(0, LabelPostProcessing.keepLargestComponent(img));
		assertEquals(9, LabelPostProcessing.fillHoles(img));
		assertEquals(300, at(img, 13, 23));
	}
}
