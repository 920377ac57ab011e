// Compare a folder of predicted labels with a folder of true labels (paired by file name):
// Dice, Jaccard, HD95 and ASD per case, then mean and sd, saved as CSV.
predictions = getDirectory("Predicted labels");
truth = getDirectory("True labels");
run("Evaluate Mean Teacher Segmentation", "predictions=[" + predictions + "] truth=[" + truth + "] csv=[" + predictions + "metrics.csv]");
