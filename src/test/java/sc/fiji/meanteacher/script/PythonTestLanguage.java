package sc.fiji.meanteacher.script;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Jython 2.7 for the tests' ScriptService, standing in for Fiji's scripting-jython plugin: adapts
 * the JSR-223 engine of jython-standalone on the test classpath.
 */
@Plugin(type = ScriptLanguage.class, name = "Python (Jython)")
public class PythonTestLanguage extends AdaptedScriptLanguage {

	public PythonTestLanguage() {
		super("python");
	}
}
