package sc.fiji.meanteacher.script;

import org.scijava.plugin.Plugin;
import org.scijava.script.AdaptedScriptLanguage;
import org.scijava.script.ScriptLanguage;

/**
 * Groovy for the tests' ScriptService. Fiji brings its own Groovy language plugin
 * (scripting-groovy); scijava-common alone does not offer JSR-223 engines, so the tests adapt the
 * groovy-jsr223 engine on their classpath.
 */
@Plugin(type = ScriptLanguage.class, name = "Groovy")
public class GroovyTestLanguage extends AdaptedScriptLanguage {

	public GroovyTestLanguage() {
		super("groovy");
	}
}
