/**
 * The libtorch runtime and the devices it computes on: starting DJL's PyTorch engine once and
 * offline ({@code TorchRuntime}), from its bundled build or a local libtorch folder checked
 * before DJL sees it ({@code LocalLibtorch}, {@code LibtorchFolder}, {@code LibtorchPlatform},
 * {@code DjlPairing}), the {@code device} parameter and its resolution ({@code DeviceChoice},
 * {@code DeviceSelection}), what the NVIDIA driver and the machine offer ({@code NvidiaDriver},
 * {@code HostMemory}), the report of all that ({@code DeviceReport}), and recognising libtorch's
 * out-of-memory failures ({@code OutOfMemory}).
 * <p>
 * Engine, a bottom layer beside {@code net} and {@code volume}: imports no other package of the
 * plugin, only DJL and JNA (the C library and the CUDA driver API); nothing of Fiji. No network
 * class uses it; whoever computes calls {@code TorchRuntime} first.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: ai.djl, com.sun.jna
 * </pre>
 */
package sc.fiji.meanteacher.device;
