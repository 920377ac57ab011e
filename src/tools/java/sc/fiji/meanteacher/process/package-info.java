/**
 * A main class run in a fresh JVM with this one's class path and settings (libtorch reads its
 * thread count once per process). Developer tooling, in the tests jar only; imports {@code net}.
 */
package sc.fiji.meanteacher.process;
