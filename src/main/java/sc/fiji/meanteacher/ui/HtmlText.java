package sc.fiji.meanteacher.ui;

/** Plain text inside Swing's HTML labels and tool tips, where &lt; and &amp; would be markup. */
public final class HtmlText {

	private HtmlText() {}

	public static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}
}
