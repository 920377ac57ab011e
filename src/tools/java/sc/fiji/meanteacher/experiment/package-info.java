/**
 * The README's main job: the semi-supervised vs supervised comparison on synthetic left-atrium
 * cases, with its settings and report (tables, CSV, montage).
 * <p>
 * Developer tooling, built into the tests jar only: may import every engine package and
 * {@code process}, and ImageJ 1.x for the montage; never {@code command} or {@code ui}.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: data, device, eval, files, infer, model, process, train, volume
 * Libraries: ij.ImagePlus, ij.io, ij.process
 * </pre>
 */
package sc.fiji.meanteacher.experiment;
