package sc.fiji.meanteacher.infer;

import sc.fiji.meanteacher.volume.IntensityNormalization;
import sc.fiji.meanteacher.volume.PatchSize;

/**
 * What a network file from elsewhere (a TorchScript traced from the Python reference, say) does
 * not record and the user is asked once for: the patch it was trained on, its class count and the
 * normalisation of its inputs. Formats that record these ignore it.
 */
public record BareNetwork(PatchSize patch, int classes, IntensityNormalization intensity) {}
