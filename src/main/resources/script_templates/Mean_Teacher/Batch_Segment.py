#@ File (label = "Model (zip or folder)", style = "both") model
#@ File (label = "Images to segment", style = "directory") folder
#@ File (label = "Folder for the labels", style = "directory") output
#@ Float (label = "Window overlap", value = 0.5, min = 0, max = 0.95, stepSize = 0.05) overlap
#@ Boolean (label = "Flip test-time augmentation", value = false) tta
#@ Boolean (label = "Keep largest component", value = false) largest
#@ CommandService command
#@output Integer count

# Segments every TIFF of a folder, like Plugins > Mean Teacher > Segment with Mean Teacher,
# and writes each image's labels under its name into the output folder.
import os
from java.io import File

module = command.run("sc.fiji.meanteacher.command.SegmentCommand", True,
	"model", model, "folder", folder, "output", output, "overlap", overlap, "tta", tta, "largest", largest).get()
if module.isCanceled():
	raise Exception(module.getCancelReason())

# Count what arrived on disk rather than trusting the command: one label stack per input image.
images = [f.getName() for f in folder.listFiles() if f.getName().lower().endswith((".tif", ".tiff"))]
count = len([n for n in images if File(output, os.path.splitext(n)[0] + ".tif").isFile()])
print("%d of %d images segmented into %s" % (count, len(images), output.getPath()))
