/**
 * Model files shared with other software: BioImage Model Zoo packages (with their YAML, NumPy
 * test tensors and cover), TorchScript archives written without Python, PyTorch state dicts in
 * the UA-MT layout read and written, and the pickle and zip formats beneath them; TorchScript in
 * one place: written ({@code TorchScriptWriter}), described ({@code TorchScriptInfo}), run
 * ({@code TorchScriptPredictor}) and offered to Segment as a model format
 * ({@code TorchScriptFormat}).
 * <p>
 * May import {@code infer}, {@code model}, {@code net}, {@code device}, {@code data} and {@code volume}; of
 * SciJava only {@code org.scijava.plugin} and {@code Priority} (to register its model format), of
 * Fiji's user interface nothing. Only {@code command} imports it.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: data, device, files, infer, model, net, volume
 * Libraries: ai.djl, javax.imageio, org.scijava.plugin, org.scijava.Priority
 * </pre>
 */
package sc.fiji.meanteacher.exchange;
