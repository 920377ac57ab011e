package sc.fiji.meanteacher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.PackageRules.Rule;
import sc.fiji.meanteacher.PackageRules.Source;

/**
 * Every class of the plugin and of the developer tools keeps the import rule of its package, as
 * the {@code Plugin packages:} and {@code Libraries:} lines of its package-info state it (format:
 * {@link PackageRules}), and the packages form layers without cycles. The checker itself is shown
 * to catch each kind of break on small made-up sources.
 */
public class PackageRulesTest {

	private static final Path REPOSITORY = Path.of("").toAbsolutePath();
	private static final Path[] SOURCE_ROOTS = { REPOSITORY.resolve("src/main/java"), REPOSITORY.resolve("src/tools/java") };

	@Test
	public void everySourceKeepsItsPackageRule() {
		List<Rule> rules = PackageRules.readRules(REPOSITORY, SOURCE_ROOTS);
		List<Source> sources = PackageRules.readSources(REPOSITORY, SOURCE_ROOTS);
		assertTrue("too few package rules read: " + rules.size(), rules.size() >= 16);
		assertTrue("too few sources read: " + sources.size(), sources.size() >= 100);
		List<String> violations = PackageRules.violations(rules, sources);
		assertTrue(String.join("\n", violations), violations.isEmpty());
	}

	@Test
	public void thePackageRulesFormNoCycle() {
		List<String> cycles = PackageRules.cycles(PackageRules.readRules(REPOSITORY, SOURCE_ROOTS));
		assertTrue(String.join("\n", cycles), cycles.isEmpty());
	}

	@Test
	public void aPluginImportOutsideTheRuleNamesTheFileTheImportAndThePackageInfo() {
		List<Rule> rules = List.of(rule("data", "volume", "none"), rule("volume", "none", "none"), rule("train", "data", "none"));
		Source source = new Source("src/main/java/sc/fiji/meanteacher/data/Sampler.java", """
			package sc.fiji.meanteacher.data;

			import java.util.List;
			import sc.fiji.meanteacher.volume.Case;
			import static sc.fiji.meanteacher.data.Patches.cut;
			import sc.fiji.meanteacher.train.TrainingConfig;

			final class Sampler {}
			""");
		List<String> violations = PackageRules.violations(rules, List.of(source));
		assertEquals(List.of("src/main/java/sc/fiji/meanteacher/data/Sampler.java:6 imports sc.fiji.meanteacher.train.TrainingConfig"
			+ " of package train, which its rule does not allow: if it is meant to, add 'train' to the 'Plugin packages:' line of"
			+ " src/main/java/sc/fiji/meanteacher/data/package-info.java (and mind the layers: no cycles)"), violations);
	}

	@Test
	public void staticWildcardAndSubPackageImportsCountByTheirPackage() {
		List<Rule> rules = List.of(rule("volume", "none", "none"), rule("volume.nifti", "none", "none"),
			rule("train", "volume.nifti", "none"));
		Source volume = new Source("V.java", "package sc.fiji.meanteacher.volume;\nimport sc.fiji.meanteacher.volume.nifti.*;\n");
		Source train = new Source("T.java", "package sc.fiji.meanteacher.train;\nimport static sc.fiji.meanteacher.volume.Sizes.parse;\n"
			+ "import sc.fiji.meanteacher.volume.nifti.NiftiFile;\n");
		List<String> violations = PackageRules.violations(rules, List.of(volume, train));
		assertEquals(2, violations.size());
		assertTrue(violations.get(0), violations.get(0).startsWith("V.java:2 imports sc.fiji.meanteacher.volume.nifti.* of package volume.nifti,"));
		assertTrue(violations.get(1), violations.get(1).startsWith("T.java:2 imports sc.fiji.meanteacher.volume.Sizes.parse of package volume,"));
	}

	@Test
	public void aQualifiedReferenceInCodeCountsButNotInCommentsOrStrings() {
		List<Rule> rules = List.of(rule("bench", "none", "none"), rule("train", "none", "none"), rule("ui", "none", "none"));
		Source source = new Source("B.java", """
			package sc.fiji.meanteacher.bench;
			/** Like {@link sc.fiji.meanteacher.ui.TrainingWindow}, but printed. */
			final class B {
				// sc.fiji.meanteacher.ui.Tables is not used either
				String main = "sc.fiji.meanteacher.ui.Main";
				char quote = '"';
				Object schedule = sc.fiji.meanteacher.train.LearningRateSchedule.POLY;
			}
			""");
		List<String> violations = PackageRules.violations(rules, List.of(source));
		assertEquals(1, violations.size());
		assertTrue(violations.get(0), violations.get(0).startsWith(
			"B.java:7 refers to sc.fiji.meanteacher.train.LearningRateSchedule.POLY of package train, which its rule does not allow"));
	}

	@Test
	public void aLibraryImportMustStartWithAListedPrefixCutAtADot() {
		List<Rule> rules = List.of(rule("volume", "none", "ij.ImagePlus, io.jhdf"));
		Source source = new Source("src/main/java/sc/fiji/meanteacher/volume/Reader.java", """
			package sc.fiji.meanteacher.volume;
			import java.util.Map;
			import ij.ImagePlus;
			import io.jhdf.api.Dataset;
			import ij.ImagePlusExtra;
			import javax.swing.JFrame;
			""");
		List<String> violations = PackageRules.violations(rules, List.of(source));
		assertEquals(List.of(
			"src/main/java/sc/fiji/meanteacher/volume/Reader.java:5 imports ij.ImagePlusExtra, which its rule does not allow:"
				+ " if it is meant to, add it or a prefix of it to the 'Libraries:' line of src/main/java/sc/fiji/meanteacher/volume/package-info.java",
			"src/main/java/sc/fiji/meanteacher/volume/Reader.java:6 imports javax.swing.JFrame, which its rule does not allow:"
				+ " if it is meant to, add it or a prefix of it to the 'Libraries:' line of src/main/java/sc/fiji/meanteacher/volume/package-info.java"),
			violations);
	}

	@Test
	public void theEntryPackageCanBeUsedByNoOne() {
		List<Rule> rules = List.of(rule("command", "none", "none"));
		Source source = new Source("C.java", "package sc.fiji.meanteacher.command;\nimport sc.fiji.meanteacher.Main;\n");
		List<String> violations = PackageRules.violations(rules, List.of(source));
		assertEquals(List.of("C.java:2 imports sc.fiji.meanteacher.Main of the entry package sc.fiji.meanteacher,"
			+ " which no package may use (it is the top layer)"), violations);
	}

	@Test
	public void aSourceWithoutARuleAndARuleNamingNoPackageAreReported() {
		List<Rule> rules = List.of(rule("data", "volume, trian", "none"), rule("volume", "none", "none"));
		Source source = new Source("src/main/java/sc/fiji/meanteacher/extra/X.java", "package sc.fiji.meanteacher.extra;\n");
		List<String> violations = PackageRules.violations(rules, List.of(source));
		assertEquals(List.of(
			"src/main/java/sc/fiji/meanteacher/data/package-info.java lists 'trian' under 'Plugin packages:', which is no package of the plugin",
			"src/main/java/sc/fiji/meanteacher/extra/X.java is in package sc.fiji.meanteacher.extra, which has no package-info.java with"
				+ " 'Plugin packages:' and 'Libraries:' lines: add one"),
			violations);
	}

	@Test
	public void aCycleAmongTheRulesIsNamedWithItsPackageInfos() {
		List<Rule> layered = List.of(rule("infer", "model, volume", "none"), rule("model", "volume", "none"), rule("volume", "none", "none"));
		assertEquals(List.of(), PackageRules.cycles(layered));
		List<Rule> circular = List.of(rule("infer", "model", "none"), rule("model", "volume", "none"), rule("volume", "infer", "none"));
		assertEquals(List.of("the rules let packages use each other in a circle, infer → model → volume → infer: remove one of these"
			+ " allowances from src/main/java/sc/fiji/meanteacher/infer/package-info.java,"
			+ " src/main/java/sc/fiji/meanteacher/model/package-info.java, src/main/java/sc/fiji/meanteacher/volume/package-info.java"),
			PackageRules.cycles(circular));
	}

	@Test
	public void aRuleIsReadFromItsJavadocLines() {
		Rule rule = PackageRules.parseRule("model/package-info.java", """
			/**
			 * A trained model on disk.
			 * <pre>
			 * Plugin packages: net, volume
			 * Libraries: ai.djl,com.google.gson
			 * </pre>
			 */
			package sc.fiji.meanteacher.model;
			""");
		assertEquals("sc.fiji.meanteacher.model", rule.pkg());
		assertEquals(List.of("net", "volume"), List.copyOf(rule.pluginPackages()));
		assertEquals(List.of("ai.djl", "com.google.gson"), List.copyOf(rule.libraries()));
		Rule empty = PackageRules.parseRule("nifti/package-info.java", "/**\n * Plugin packages: none\n * Libraries:\n */\npackage sc.fiji.meanteacher.volume.nifti;\n");
		assertTrue(empty.pluginPackages().isEmpty());
		assertTrue(empty.libraries().isEmpty());
	}

	@Test
	public void aPackageInfoWithoutItsRuleLinesIsRefusedNamingTheFile() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackageRules.parseRule(
			"src/main/java/sc/fiji/meanteacher/eval/package-info.java", "/** Metrics. Libraries: none */\npackage sc.fiji.meanteacher.eval;\n"));
		assertTrue(e.getMessage(), e.getMessage().startsWith(
			"src/main/java/sc/fiji/meanteacher/eval/package-info.java needs exactly one line 'Plugin packages: …' in its javadoc (it has 0)"));
		assertFalse(e.getMessage().contains("Exception"));
	}

	/** A rule as the package-info of {@code src/main/java} would state it. */
	private static Rule rule(String relativeName, String pluginPackages, String libraries) {
		String file = "src/main/java/sc/fiji/meanteacher/" + relativeName.replace('.', '/') + "/package-info.java";
		return PackageRules.parseRule(file, "/**\n * Plugin packages: " + pluginPackages + "\n * Libraries: " + libraries
			+ "\n */\npackage " + PackageRules.ROOT + "." + relativeName + ";\n");
	}
}
