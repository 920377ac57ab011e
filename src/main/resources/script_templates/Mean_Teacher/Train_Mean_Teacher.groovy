#@ File (label = "Images folder (TIFF stacks)", style = "directory") images
#@ File (label = "Labels folder (same file names; missing = unlabeled)", style = "directory") labels
#@ File (label = "Output model folder", style = "directory") output
#@ String (label = "Method", choices = {"Mean Teacher", "UA-MT", "Supervised only"}, value = "Mean Teacher") method
#@ Integer (label = "Iterations", value = 6000, min = 1) iterations
#@ String (label = "Patch size x,y,z", value = "112,112,80") patch
#@ Integer (label = "Batch size", value = 4, min = 1) batch
#@ Integer (label = "Labeled per batch", value = 2, min = 1) labeledbatch
#@ Integer (label = "Base filters", value = 16, min = 1) filters
#@ Integer (label = "Down-sampling stages", value = 4, min = 1) depth
#@ Long (label = "Seed", value = 1337) seed
#@ CommandService command
#@output String model

// Trains through the same command as Plugins > Mean Teacher > Train Mean Teacher; every
// parameter it leaves out keeps the reference default (see the command's dialog for the rest).
def module = command.run("sc.fiji.meanteacher.command.TrainCommand", true,
	"images", images, "labels", labels, "output", output, "method", method, "iterations", iterations,
	"patch", patch, "batch", batch, "labeledbatch", labeledbatch, "filters", filters, "depth", depth,
	"seed", seed).get()
// The command reports bad input by cancelling with the reason; a script should fail with it.
if (module.isCanceled()) throw new IllegalStateException(module.getCancelReason())
model = module.getOutput("model")
println module.getOutput("summary")
