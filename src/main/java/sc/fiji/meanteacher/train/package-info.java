/**
 * Training, as docs/METHOD.md describes it: the trainer and its run (data, networks, loop, step,
 * device limits), the training methods (Mean Teacher, UA-MT, copy-paste Mean Teacher, supervised only) as SciJava plugins
 * of type {@code TrainingMethod} with their consistency terms or batch mixing, the losses, the EMA teacher, SGD,
 * validation, and the run's files (CSV log, checkpoints, best and last models) as listeners, and the lock of
 * its folder.
 * <p>
 * Engine: may import {@code data}, {@code eval}, {@code infer} (validation segments by sliding
 * window), {@code model}, {@code net}, {@code device}, {@code files} and {@code volume}. Of Fiji it imports nothing but
 * SciJava's plugins ({@code org.scijava.plugin}, {@code Priority}), to declare and find the methods
 * (found as {@code infer.PluginInstances} finds every plugin type); no ImageJ, no SciJava UI. Progress leaves through {@code TrainingListener}.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: data, device, eval, files, infer, model, net, volume
 * Libraries: ai.djl, com.google.gson, org.scijava.plugin, org.scijava.Priority
 * </pre>
 */
package sc.fiji.meanteacher.train;
