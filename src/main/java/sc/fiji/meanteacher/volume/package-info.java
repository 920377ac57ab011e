/**
 * Volumes and their files: the intensity and label volumes (x fastest), the one case record
 * ({@code Case}), the patch size ({@code PatchSize}), the one size parser ({@code Sizes}), TIFF,
 * NIfTI and LA-layout reading and writing, Medical Segmentation Decathlon datasets
 * ({@code DecathlonDataset}, their {@code dataset.json}), the one image-file list ({@code ImageFormat}) and
 * folder lister ({@code ImageFolder}), folders of cases and the batch
 * runner over them ({@code CaseBatch}), resampling by per-axis factors to the grid a model works
 * on ({@code GridTarget}: a scale or a voxel size, {@code VoxelSpacing}), intensity normalisation, case lists, shards
 * and safe file writing with the one rule for what a write may replace ({@code OutputPolicy}).
 * <p>
 * Engine, the bottom layer with {@code net}: imports no other package of the plugin but its own
 * {@code volume.nifti} (the NIfTI format, which imports nothing of the plugin). Of Fiji it
 * uses only ImageJ 1.x's headless image classes ({@code ImagePlus}, {@code ImageStack}, the
 * processors, the TIFF reader and writer of {@code ij.io}), its file format; no ImageJ window,
 * no SciJava. Besides: ImgLib2, jHDF (the LA cases' HDF5) and Gson
 * (a Decathlon {@code dataset.json}).
 * <p>
 * The rule {@code PackageRulesTest} checks (format in its {@code PackageRules}):
 * <pre>
 * Plugin packages: files, volume.nifti
 * Libraries: ij.ImagePlus, ij.ImageStack, ij.io, ij.measure, ij.process, com.google.gson, io.jhdf, net.imglib2
 * </pre>
 */
package sc.fiji.meanteacher.volume;
