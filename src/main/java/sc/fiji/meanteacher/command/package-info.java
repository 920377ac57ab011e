/**
 * The SciJava commands of the plugin, one a menu entry: Train, Segment, Evaluate, Export,
 * Import, Demo Data and Device Info, with what they share ({@code MeanTeacherCommand}, the
 * parameter checks, the presets filled in before a dialog shows, a long run as a SciJava task) and the rules that turn their
 * inputs into the engine's objects (which cases Train reads, the images open in Fiji as cases).
 * <p>
 * The top layer: it may import every other package of the plugin ({@code data}, {@code eval},
 * {@code exchange}, {@code infer}, {@code model}, {@code net}, {@code device}, {@code train}, {@code ui},
 * {@code volume}), SciJava (commands, modules, widgets, preferences, the UI service, tasks) and ImageJ
 * 1.x (the open images). No other package imports this one.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: data, device, eval, exchange, files, infer, model, net, train, ui, volume, volume.nifti
 * Libraries: ij, org.scijava
 * </pre>
 */
package sc.fiji.meanteacher.command;
