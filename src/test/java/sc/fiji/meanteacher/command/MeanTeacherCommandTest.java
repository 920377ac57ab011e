package sc.fiji.meanteacher.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.junit.Test;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogListener;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;

import ai.djl.engine.EngineException;
import sc.fiji.meanteacher.device.OutOfMemoryException;

/** How commands fail: bad input as a sentence, numeric bounds on every surface, internal faults as errors with a trace. */
public class MeanTeacherCommandTest extends CommandTestBase {

	/** Stands for a contract failure deep in the engine (e.g. a predictor returning too few values). */
	public static class BrokenContractCommand extends MeanTeacherCommand {
		@Override
		protected void execute() throws IOException {
			throw new IllegalStateException("predictor returned 3 values for 2 windows");
		}
	}

	/** Stands for libtorch running out of memory in a forward pass, as VNetPredictor and the trainer report it. */
	public static class OutOfMemoryCommand extends MeanTeacherCommand {
		@Override
		protected void execute() throws IOException {
			throw new OutOfMemoryException("out of GPU memory: 8 windows of patch 112x112x80 in one forward pass did not fit on gpu0",
				new EngineException("CUDA out of memory. Tried to allocate 9.00 GiB.\nException raised from malloc"));
		}
	}

	/** Settings too large for the device are the user's to change: one sentence, as bad input, no trace. */
	@Test
	public void outOfMemoryIsAOneLineMessage() throws Exception {
		CommandModule m = CommandTestSupport.run(context, OutOfMemoryCommand.class, Map.of());
		assertTrue(m.isCanceled());
		assertEquals("OutOfMemory: out of GPU memory: 8 windows of patch 112x112x80 in one forward pass did not fit on gpu0",
			m.getCancelReason());
	}

	@Test
	public void internalFaultIsAnErrorWithItsStackTraceNotAOneLineMessage() throws Exception {
		List<LogMessage> logged = new ArrayList<>();
		LogListener listener = logged::add;
		context.service(LogService.class).addLogListener(listener);
		try {
			ExecutionException e = assertThrows(ExecutionException.class,
				() -> context.service(CommandService.class).run(BrokenContractCommand.class, true, Map.of()).get());
			Throwable cause = e;
			while (cause.getCause() != null && !(cause instanceof IllegalStateException)) cause = cause.getCause();
			assertTrue("the module failed with the fault itself: " + e, cause instanceof IllegalStateException);
			assertTrue("the fault is logged with its stack trace: " + logged,
				logged.stream().anyMatch(m -> m.throwable() instanceof IllegalStateException));
		}
		finally {
			context.service(LogService.class).removeLogListener(listener);
		}
	}

	/** SciJava enforces min and max only in dialogs; macros, scripts and headless calls get the same check. */
	@Test
	public void boundsOfNumericParametersHoldOutsideDialogs() throws Exception {
		assertCancelled(DemoDataCommand.class, Map.of("cases", 0, "output", tmp.getRoot()), "cases must be at least 1, got 0");
		Map<String, Object> train = new HashMap<>(Map.of("images", tmp.getRoot(), "output", tmp.getRoot(), "lrstep", 0));
		assertCancelled(TrainCommand.class, train, "lrstep must be at least 1, got 0");
		assertCancelled(SegmentCommand.class, Map.of("model", tmp.getRoot(), "overlap", 1.5), "overlap must be at most 0.95, got 1.5");
	}

	private static void assertCancelled(Class<? extends MeanTeacherCommand> command, Map<String, Object> inputs, String message)
		throws Exception
	{
		CommandModule m = CommandTestSupport.run(context, command, inputs);
		assertTrue(command.getSimpleName(), m.isCanceled());
		assertTrue(m.getCancelReason(), m.getCancelReason().endsWith(message));
		assertFalse(m.getCancelReason(), m.getCancelReason().contains("Exception"));
		assertEquals(1, m.getCancelReason().lines().count());
	}
}
