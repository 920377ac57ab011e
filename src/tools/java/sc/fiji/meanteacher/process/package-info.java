/**
 * A main class run in a fresh JVM with this one's class path and settings (libtorch reads its
 * thread count once per process). Developer tooling, in the tests jar only; imports {@code device}.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: device
 * Libraries: none
 * </pre>
 */
package sc.fiji.meanteacher.process;
