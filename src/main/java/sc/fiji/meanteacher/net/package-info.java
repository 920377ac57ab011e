/**
 * The network: the V-Net and its blocks in DJL (with the layers DJL's PyTorch engine lacks),
 * weight initialisation and NPZ weights, and the UA-MT state-dict layout. Starting libtorch and
 * choosing the device are {@code device}'s.
 * <p>
 * Engine, a bottom layer with {@code device} and {@code volume}: imports no other package of the
 * plugin, only DJL; nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: ai.djl
 * </pre>
 */
package sc.fiji.meanteacher.net;
