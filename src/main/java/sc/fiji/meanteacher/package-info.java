/**
 * Mean Teacher for Fiji: semi-supervised 3-D segmentation (Mean Teacher, UA-MT, copy-paste Mean Teacher, supervised only)
 * trained and applied inside Fiji, from macros and headless.
 * <p>
 * This package holds only the command-line entry ({@code Main}, with {@code SignalStop}, which makes
 * SIGTERM and SIGINT a stop) and the parser of a headless {@code --run} parameter string
 * ({@code HeadlessArguments}). The layers below it, top first:
 * <ul>
 * <li>{@code command}: the SciJava commands (the menu entries and their dialogs);</li>
 * <li>{@code ui}: what the commands show in ImageJ (the training window, tables, overlays);</li>
 * <li>{@code exchange}: model files for and from other software (BioImage Model Zoo, TorchScript,
 * PyTorch state dicts);</li>
 * <li>the engine, free of Fiji's user interface: {@code train}, {@code infer}, {@code eval},
 * {@code data}, {@code model}, {@code net} (the network), {@code device} (libtorch and the devices), {@code volume} (with the NIfTI format, {@code volume.nifti})
 * and {@code files} (atomic writes, the output policy, batches of cases).</li>
 * </ul>
 * A package imports only packages below it, never one above, so there are no cycles.
 * <p>
 * Imports: {@code volume} (reading a TIFF from the command line), {@code command}'s
 * {@code MeanTeacherCommand} (whether a command refused its input, for the exit status); SciJava's context, command,
 * module and event classes (the commands are found through the plugin index, not named here) and
 * ImageJ 1.x's {@code ImagePlus} and {@code ResultsTable} (a command's outputs).
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: command, volume
 * Libraries: ij.ImagePlus, ij.measure.ResultsTable, org.scijava
 * </pre>
 */
package sc.fiji.meanteacher;
