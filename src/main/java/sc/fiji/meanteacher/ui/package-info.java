/**
 * What the commands show in ImageJ: the training window with its live curves and read-outs, the
 * progress and status lines, Esc as a way to stop, label overlays, probability stacks and the
 * metrics table.
 * <p>
 * May import {@code train} (its listener and reports), {@code infer}, {@code eval}, {@code device}
 * and {@code volume}, ImageJ 1.x, AWT and Swing, and SciJava's app and log services; never
 * {@code command}. The engine does not import this package: progress leaves the trainer through
 * {@code train.TrainingListener}.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: device, eval, files, infer, train, volume
 * Libraries: ij, javax.swing, org.scijava.app, org.scijava.log
 * </pre>
 */
package sc.fiji.meanteacher.ui;
