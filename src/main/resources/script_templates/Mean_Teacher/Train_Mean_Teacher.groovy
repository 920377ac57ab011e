#@ File (label = "Images folder", style = "directory") images
#@ File (label = "Labels folder", style = "directory") labels
#@ File (label = "Output model folder", style = "directory") output
#@ Integer (label = "Iterations", value = 6000) iterations
#@ String (label = "Patch size x,y,z", value = "112,112,80") patch
#@ CommandService command
#@output String model

// Trains through the same command as Plugins > Mean Teacher > Train Mean Teacher.
def module = command.run("sc.fiji.meanteacher.command.TrainCommand", true,
	"images", images, "labels", labels, "output", output, "iterations", iterations, "patch", patch).get()
if (module.isCanceled()) throw new IllegalStateException(module.getCancelReason())
model = module.getOutput("model")
println module.getOutput("summary")
