// Export a trained model for other software: a BioImage Model Zoo package (deepImageJ, ilastik,
// bioimageio.core), TorchScript, and a PyTorch state dict for the UA-MT V-Net (arrays x,y,z as in
// the LA HDF5 files). The open image, if any, gives the package's test patch and cover.
model = File.openDialog("Model (best-model.zip)");
folder = getDirectory("Folder for the exports");
run("Export Mean Teacher Model", "model=[" + model + "] format=[BioImage Model Zoo (.zip)] output=[" + folder + "model-bioimageio.zip] name=[Left atrium Mean Teacher] authors=[Your Name] license=CC-BY-4.0");
run("Export Mean Teacher Model", "model=[" + model + "] format=[TorchScript (.pt)] output=[" + folder + "model.pt]");
run("Export Mean Teacher Model", "model=[" + model + "] format=[PyTorch state dict (.pth)] output=[" + folder + "model.pth] axes=x,y,z");
