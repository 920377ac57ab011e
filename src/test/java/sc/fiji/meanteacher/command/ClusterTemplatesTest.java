package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.Test;
import org.scijava.plugin.Parameter;

/**
 * The sbatch templates of {@code docs/cluster/} call real commands with real parameters (so that
 * a renamed parameter cannot leave them broken), and bash can parse them.
 */
public class ClusterTemplatesTest {

	private static final Map<String, Class<?>> COMMANDS = Map.of(TrainCommand.TITLE, TrainCommand.class, SegmentCommand.TITLE,
		SegmentCommand.class, EvaluateCommand.TITLE, EvaluateCommand.class);
	private static final Pattern RUN = Pattern.compile("\\$MT_RUN \"([^\"]+)\" \"([^\"]+)\"");
	private static final Pattern KEY = Pattern.compile("(?:^|,)(\\w+)=");

	private static Set<String> parameters(Class<?> c) {
		Set<String> names = new TreeSet<>();
		for (Class<?> k = c; k != null; k = k.getSuperclass())
			for (Field f : k.getDeclaredFields())
				if (f.isAnnotationPresent(Parameter.class)) names.add(f.getName());
		return names;
	}

	@Test
	public void templatesUseRealCommandsAndParameters() throws Exception {
		Path dir = Paths.get(System.getProperty("basedir", ""), "docs", "cluster");
		Set<String> seen = new TreeSet<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path f : files.filter(p -> p.toString().endsWith(".sbatch")).sorted().toList()) {
				Matcher m = RUN.matcher(Files.readString(f));
				while (m.find()) {
					Class<?> command = COMMANDS.get(m.group(1));
					assertNotNull(f + ": no command titled '" + m.group(1) + "'", command);
					Matcher k = KEY.matcher(m.group(2));
					while (k.find())
						assertTrue(f + ": " + m.group(1) + " has no parameter '" + k.group(1) + "'", parameters(command).contains(k.group(1)));
					seen.add(m.group(1));
				}
				Process bash = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
				String output = new String(bash.getInputStream().readAllBytes());
				assertEquals(f + ": " + output, 0, bash.waitFor());
			}
		}
		assertEquals(new TreeSet<>(COMMANDS.keySet()), seen);
		assertTrue(parameters(SegmentCommand.class).containsAll(Set.of("shard", "device")));
	}
}
