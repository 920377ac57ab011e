package sc.fiji.meanteacher.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one checksum of this plugin: of package files (BioImage Model Zoo) and of training data (checkpoints). */
public final class Sha256 {

	private Sha256() {}

	/** A fresh digest, for data fed in parts. */
	public static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("every Java runtime has SHA-256", e);
		}
	}

	/** The checksum of {@code bytes} as 64 lower-case hex digits. */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}
}
