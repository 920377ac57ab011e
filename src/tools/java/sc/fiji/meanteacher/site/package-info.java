/**
 * The Fiji update-site stager ({@code update-site/stage.sh}): which jars go where, and which
 * Fiji already ships. Developer tooling, in the tests jar only; imports no other package.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: none
 * </pre>
 */
package sc.fiji.meanteacher.site;
