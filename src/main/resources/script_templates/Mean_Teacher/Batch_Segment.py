#@ File (label = "Model (zip or folder)") model
#@ File (label = "Images to segment", style = "directory") folder
#@ File (label = "Folder for the labels", style = "directory") output
#@ Boolean (label = "Keep largest component", value = false) largest
#@ CommandService command

# Segments every TIFF of a folder, like Plugins > Mean Teacher > Segment with Mean Teacher.
module = command.run("sc.fiji.meanteacher.command.SegmentCommand", True,
	"model", model, "folder", folder, "output", output, "largest", largest).get()
if module.isCanceled():
	raise Exception(module.getCancelReason())
print("labels written to " + str(output))
