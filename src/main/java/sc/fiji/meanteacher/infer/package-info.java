/**
 * Segmentation: the sliding window ({@code SlidingWindowSegmenter}, {@code WindowGrid},
 * {@code SlidingWindowOptions}) over a {@code PatchPredictor} (a V-Net, flip test-time augmentation;
 * {@code exchange} runs TorchScript networks through it), blending, label post-processing, inference memory, and the model
 * formats Segment opens ({@code ModelFormat}, found as SciJava plugins and chosen by content), and
 * {@code PluginInstances}, which finds the implementations of both plugin types (formats here,
 * training methods for {@code train}).
 * <p>
 * Engine: may import {@code model}, {@code device} and {@code volume}, and ImgLib2. Of Fiji it
 * imports nothing but {@code org.scijava.plugin}, {@code org.scijava.Priority} and
 * {@code org.scijava.InstantiableException}, for the plugin types; no ImageJ, no SciJava UI.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: device, model, volume
 * Libraries: ai.djl, net.imglib2, org.scijava.plugin, org.scijava.Priority, org.scijava.InstantiableException
 * </pre>
 */
package sc.fiji.meanteacher.infer;
