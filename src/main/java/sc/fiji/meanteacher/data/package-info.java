/**
 * The data of a training run: the case set (labeled, unlabeled and validation cases, with the
 * grid they were resampled to: a factor or a voxel size), the two-stream batch sampler, patch cutting
 * and augmentation, batches built as a pure function of (seed, iteration) and assembled in the
 * background, a seeded generator, and the synthetic left-atrium cases of the demo and tests.
 * <p>
 * Engine: may import {@code volume} only; nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: volume
 * Libraries: none
 * </pre>
 */
package sc.fiji.meanteacher.data;
