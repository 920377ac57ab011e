// Segment every TIFF of a folder with a trained model and save the label stacks under the
// same file names in an output folder. Check boxes are key=true in a macro.
model = File.openDialog("Model (best-model.zip)");
input = getDirectory("Images to segment");
output = getDirectory("Folder for the labels");
run("Segment with Mean Teacher", "model=[" + model + "] folder=[" + input + "] output=[" + output + "] overlap=0.5 blending=gaussian windows=4 largest=true");
