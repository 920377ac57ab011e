// Bring a V-Net trained by the UA-MT / LASeg Python code (torch.save(model.state_dict(), path)) into
// Fiji, then segment an open stack with it. The checkpoint does not record its patch size, input
// normalisation or classes: give those of its training run (the reference: 112,112,80, z-score).
checkpoint = File.openDialog("PyTorch checkpoint (.pth)");
model = getDirectory("Folder for the model") + "imported-model.zip";
run("Import PyTorch V-Net", "checkpoint=[" + checkpoint + "] output=[" + model + "] axes=[x,y,z (UA-MT / LASeg LA HDF5 arrays)] patch=112,112,80 intensity=zscore classnames=[background, left atrium] voxel=0.625,0.625,0.625 scale=1");
run("Segment with Mean Teacher", "model=[" + model + "] overlap=0.5 blending=gaussian windows=4 largest=true");
