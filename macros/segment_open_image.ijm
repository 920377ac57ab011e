// Segment the current image with a trained model: the labels open as a new image, <title>-labels,
// one colour per class, and the class outlines are drawn on the image as an overlay.
model = File.openDialog("Model (best-model.zip)");
title = getTitle();
run("Segment with Mean Teacher", "input=[" + title + "] model=[" + model + "] overlap=0.5");
