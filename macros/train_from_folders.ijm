// Train a Mean Teacher model from an images folder and a labels folder (same file names;
// images without a label file are used as unlabeled data), in the form Fiji's recorder writes.
// The preset fills every setting the call leaves out (see README: Presets). The macro's argument
// comes first in the options and so wins over what follows, e.g.
//   ImageJ-linux64 --headless -batch train_from_folders.ijm "preset=cpu iterations=800"
images = getDirectory("Images folder (TIFF stacks)");
labels = getDirectory("Labels folder");
output = getDirectory("Output model folder");
run("Train Mean Teacher", getArgument() + " source=Folders images=[" + images + "] labels=[" + labels + "] output=[" + output + "] method=[Mean Teacher] preset=[Reference (GPU: 112x112x80, 6000 iterations)] classes=2 seed=1337 validation=1");
