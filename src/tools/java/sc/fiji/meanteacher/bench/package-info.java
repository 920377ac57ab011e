/**
 * The benchmarks (not tests, not in the plugin jar): training seconds per iteration and memory per
 * configuration, each in a child JVM; sliding-window inference settings; a leak check.
 * <p>
 * Developer tooling, built into the tests jar only: may import every engine package and
 * {@code process}; never {@code command} or {@code ui}, nothing of Fiji.
 */
package sc.fiji.meanteacher.bench;
