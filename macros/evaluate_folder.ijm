// Compare a folder of predicted labels with a folder of true labels (paired by file name):
// Dice, Jaccard, HD95 and ASD per case, then mean and sd, saved as CSV. overwrite=true lets a rerun
// replace the metrics.csv this macro wrote before (never a prediction or truth it reads).
predictions = getDirectory("Predicted labels");
truth = getDirectory("True labels");
run("Evaluate Mean Teacher Segmentation", "predictions=[" + predictions + "] truth=[" + truth + "] csv=[" + predictions + "metrics.csv] overwrite=true");
