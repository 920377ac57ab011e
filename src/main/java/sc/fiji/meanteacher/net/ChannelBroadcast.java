package sc.fiji.meanteacher.net;

import ai.djl.ndarray.NDArray;

/** Per-channel parameters shaped to broadcast over an N×C×D×H×W activation. */
final class ChannelBroadcast {

	private ChannelBroadcast() {}

	/**
	 * {@code parameter} (C values) as a 1×C×1×1×1 view owned by {@code activation}'s manager. A
	 * reshape belongs to its source's manager, which for a parameter lives as long as the network:
	 * without the re-attachment every forward pass would leave one array behind there.
	 */
	static NDArray view(NDArray parameter, long channels, NDArray activation) {
		NDArray v = parameter.reshape(1, channels, 1, 1, 1);
		v.attach(activation.getManager());
		return v;
	}
}
