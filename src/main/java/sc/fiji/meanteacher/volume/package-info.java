/**
 * Volumes and their files: the intensity and label volumes (x fastest), the one case record
 * ({@code Case}), the patch size ({@code PatchSize}), the one size parser ({@code Sizes}), TIFF
 * and NIfTI reading and writing, the LA layout ({@code LaLayout}, {@code LaCaseReader}, and
 * {@code LaCaseSplit}: which cases train labeled and which unlabeled), Medical Segmentation
 * Decathlon datasets ({@code DecathlonDataset}, their {@code dataset.json}), the one image-file
 * list ({@code ImageFormat}) and folder lister ({@code ImageFolder}), folders of cases,
 * resampling by per-axis factors to the grid a model works on ({@code GridTarget}: a scale or a
 * voxel size, {@code VoxelSpacing}), intensity normalisation and case lists. Files are written
 * through {@code files} (whole or not at all, under its {@code OutputPolicy}).
 * <p>
 * Engine, a bottom layer with {@code net}: imports no other package of the plugin but
 * {@code files} and its own {@code volume.nifti} (the NIfTI format, which imports nothing of the
 * plugin). Of Fiji it
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
