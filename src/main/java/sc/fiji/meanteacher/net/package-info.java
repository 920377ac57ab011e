/**
 * The network and the device it runs on: the V-Net and its blocks in DJL (with the layers DJL's
 * PyTorch engine lacks), weight initialisation and NPZ weights, the UA-MT state-dict layout,
 * starting libtorch (bundled or a local folder), choosing the device, and recognising
 * out-of-memory failures.
 * <p>
 * Engine, the bottom layer with {@code volume}: imports no other package of the plugin, only DJL
 * and JNA; nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: ai.djl
 * </pre>
 */
package sc.fiji.meanteacher.net;
