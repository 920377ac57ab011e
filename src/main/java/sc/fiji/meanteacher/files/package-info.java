/**
 * File plumbing shared by every command that reads or writes: writing a file whole or not at all
 * ({@code AtomicFiles}), the one rule for what a write may replace ({@code OutputPolicy}), output
 * folders checked, compared and cleaned up ({@code Folders}), I/O failures as sentences
 * ({@code IoMessages}), and working through a batch of cases ({@code CaseBatch}), or one shard of
 * it ({@code Shard}). None of it knows what a volume is.
 * <p>
 * Engine, the bottom layer: imports no other package of the plugin, no library; nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: none
 * </pre>
 */
package sc.fiji.meanteacher.files;
