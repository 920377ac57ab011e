/**
 * Evaluation metrics as medical-imaging papers report them: Dice, Jaccard and the surface
 * distances (HD95, ASD) per case and class, the exact anisotropic distance transform they rest
 * on, numpy's percentiles, and the mean ± sd over cases. The one Dice of the plugin
 * ({@code SegmentationMetrics.dice}) lives here; validation uses it.
 * <p>
 * Engine: may import {@code volume} only, and ImgLib2; nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: volume
 * Libraries: net.imglib2
 * </pre>
 */
package sc.fiji.meanteacher.eval;
