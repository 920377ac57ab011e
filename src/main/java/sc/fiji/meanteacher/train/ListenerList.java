package sc.fiji.meanteacher.train;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.meanteacher.device.DeviceSelection;

/** The listeners of a trainer, heard in the order they were added. */
final class ListenerList implements TrainingListener {

	private final List<TrainingListener> listeners = new ArrayList<>();

	void add(TrainingListener listener) {
		listeners.add(listener);
	}

	@Override
	public void iterationDone(IterationReport report) {
		for (TrainingListener l : listeners) l.iterationDone(report);
	}

	@Override
	public void validationDone(long iteration, double dice, boolean best) {
		for (TrainingListener l : listeners) l.validationDone(iteration, dice, best);
	}

	@Override
	public void deviceChosen(DeviceSelection selection) {
		for (TrainingListener l : listeners) l.deviceChosen(selection);
	}

	@Override
	public void message(String text) {
		for (TrainingListener l : listeners) l.message(text);
	}
}
