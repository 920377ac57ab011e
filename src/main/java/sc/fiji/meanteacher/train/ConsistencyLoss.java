package sc.fiji.meanteacher.train;

/** How the student's softmax is compared with the teacher's. */
public enum ConsistencyLoss {
	/** Mean squared difference of the two softmax outputs (reference default). */
	MSE,
	/** KL(teacher ‖ student) per voxel. */
	KL;

	public static ConsistencyLoss fromName(String name) {
		for (ConsistencyLoss c : values())
			if (c.name().equalsIgnoreCase(name.trim())) return c;
		throw new IllegalArgumentException("unknown consistency loss '" + name + "' (mse or kl)");
	}
}
