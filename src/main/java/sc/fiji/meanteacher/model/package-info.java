/**
 * A trained model on disk: its description ({@code model.json}, with the provenance of the
 * training), the network and weights together ({@code TrainedModel}), the zip-or-folder archive
 * of models and checkpoints, the one strict JSON mapper and the one SHA-256 helper.
 * <p>
 * Engine: may import {@code net}, {@code device} and {@code volume}; never {@code train} (the training side
 * describes its model through {@code ModelDescriptor.trained}). Nothing of Fiji.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: device, files, net, volume
 * Libraries: ai.djl, com.google.gson
 * </pre>
 */
package sc.fiji.meanteacher.model;
