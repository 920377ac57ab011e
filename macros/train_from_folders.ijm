// Train a Mean Teacher model from an images folder and a labels folder (same file names;
// images without a label file are used as unlabeled data). Recorder-style call; every key
// left out takes its reference default (see README).
images = getDirectory("Images folder (TIFF stacks)");
labels = getDirectory("Labels folder");
output = getDirectory("Output model folder");
run("Train Mean Teacher", "images=[" + images + "] labels=[" + labels + "] output=[" + output + "] method=[Mean Teacher] classes=2 patch=112,112,80 iterations=6000 batch=4 labeledbatch=2 lr=0.01 schedule=step ema=0.99 consistency=0.1 rampup=40 seed=1337 validation=2");
