// Train on the images open in Fiji: an open image <title> with an open <title>-labels (e.g. a
// Labkit labeling renamed with Image > Rename...) is labeled by it; every other open image trains
// unlabeled. Stop or Cancel in the training window (or Esc) ends the run; Stop keeps the macro going.
// As in train_from_folders.ijm, the macro's argument comes first and wins.
output = getDirectory("Output model folder");
run("Train Mean Teacher", getArgument() + " source=[Open images] output=[" + output + "] method=[Mean Teacher] preset=[Quick demo (CPU, minutes)]");
