/**
 * Volumes and their files: the intensity and label volumes (x fastest), the one case record
 * ({@code Case}), the patch size ({@code PatchSize}), the one size parser ({@code Sizes}), TIFF,
 * NIfTI and LA-layout reading and writing, the one image-file list ({@code ImageFormat}) and
 * folder lister ({@code ImageFolder}), folders of cases and the batch
 * runner over them ({@code CaseBatch}), resampling by per-axis factors to the grid a model works
 * on ({@code GridTarget}: a scale or a voxel size, {@code VoxelSpacing}), intensity normalisation, case lists, shards
 * and safe file writing with the one rule for what a write may replace ({@code OutputPolicy}).
 * <p>
 * Engine, the bottom layer with {@code net}: imports no other package of the plugin but its own
 * {@code volume.nifti} (the NIfTI format, which imports nothing of the plugin). Of Fiji it
 * uses only ImageJ 1.x's headless image classes ({@code ImagePlus}, {@code ImageStack}, the
 * processors, the TIFF reader and writer of {@code ij.io}), its file format; no ImageJ window,
 * no SciJava. Besides: ImgLib2 and jHDF (the LA cases' HDF5).
 */
package sc.fiji.meanteacher.volume;
