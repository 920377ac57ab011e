/**
 * The NIfTI file format (NIfTI-1 and NIfTI-2, {@code .nii} and gzip-compressed {@code .nii.gz}):
 * the header fields the plugin reads and keeps ({@code NiftiHeader}, with the qform and sform in
 * {@code NiftiOrientation}), the voxel data types it reads and writes ({@code NiftiDataType}), and
 * the reader and writer ({@code NiftiFile}). Voxel (i, j, k) of a file is (x, y, z) of the volume,
 * i fastest, as in {@code volume}'s layout.
 * <p>
 * Engine, below {@code volume}: imports no other package of the plugin and nothing of Fiji, only
 * the JDK ({@code java.util.zip} for gzip). {@code volume} turns what it reads into volumes and
 * writes its files atomically.
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: none
 * Libraries: none
 * </pre>
 */
package sc.fiji.meanteacher.volume.nifti;
