package sc.fiji.meanteacher.eval;

/** Unit of a surface distance: voxel steps (spacing 1, as the UA-MT reference reports) or the voxel size's unit. */
public enum DistanceUnit {
	VOXELS, PHYSICAL
}
