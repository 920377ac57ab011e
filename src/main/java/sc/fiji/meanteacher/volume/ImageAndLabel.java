package sc.fiji.meanteacher.volume;

/** An image read together with its label volume; {@code label} is null when none was read. */
public record ImageAndLabel(Volume image, LabelVolume label) {}
