/**
 * The benchmarks (not tests, not in the plugin jar): training seconds per iteration and memory per
 * configuration, each in a child JVM; sliding-window inference settings; a leak check.
 * <p>
 * Developer tooling, built into the tests jar only: may import every engine package and
 * {@code process}; never {@code command} or {@code ui}, nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: data, device, eval, infer, model, net, process, train, volume
 * Libraries: ai.djl
 * </pre>
 */
package sc.fiji.meanteacher.bench;
