package sc.fiji.meanteacher.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table whose columns are as wide as their widest cell; text columns left-aligned, numbers right-aligned. */
final class TextTable {

	private final String[] header;
	private final List<String[]> rows = new ArrayList<>();

	TextTable(String... header) {
		this.header = header.clone();
	}

	TextTable row(Object... cells) {
		if (cells.length != header.length)
			throw new IllegalArgumentException("table row has " + cells.length + " cells, the header " + header.length);
		String[] r = new String[cells.length];
		for (int i = 0; i < cells.length; i++) r[i] = String.valueOf(cells[i]);
		rows.add(r);
		return this;
	}

	void print(PrintStream out) {
		int[] width = new int[header.length];
		boolean[] numeric = new boolean[header.length];
		for (int c = 0; c < header.length; c++) {
			width[c] = header[c].length();
			numeric[c] = !rows.isEmpty();
			for (String[] r : rows) {
				width[c] = Math.max(width[c], r[c].length());
				numeric[c] &= r[c].matches("[-+]?[0-9.,]+|n/a|NaN");
			}
		}
		line(out, header, width, numeric);
		StringBuilder rule = new StringBuilder();
		for (int c = 0; c < header.length; c++) rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
		out.println(rule);
		for (String[] r : rows) line(out, r, width, numeric);
	}

	private static void line(PrintStream out, String[] cells, int[] width, boolean[] numeric) {
		StringBuilder sb = new StringBuilder();
		for (int c = 0; c < cells.length; c++) {
			if (c > 0) sb.append("  ");
			String pad = " ".repeat(width[c] - cells[c].length());
			sb.append(numeric[c] ? pad + cells[c] : cells[c] + pad);
		}
		out.println(sb.toString().stripTrailing());
	}
}
