package sc.fiji.meanteacher.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

import sc.fiji.meanteacher.model.StrictJson;

/** The method plugins: found on the class path in dialog order, named as macros name them, recorded by id. */
public class TrainingMethodsTest {

	@Test
	public void theBuiltInMethodsAreRegisteredInDialogOrder() {
		assertEquals(List.of("Mean Teacher", "UA-MT", "Copy-paste Mean Teacher", "Supervised only"), TrainingMethods.labels());
		assertEquals(List.of("mean-teacher", "ua-mt", "bcp", "supervised"), TrainingMethods.all().stream().map(TrainingMethod::slug).toList());
		assertTrue(TrainingMethods.MEAN_TEACHER.usesTeacher() && TrainingMethods.UA_MT.usesTeacher()
			&& TrainingMethods.COPY_PASTE.usesTeacher());
		assertFalse(TrainingMethods.SUPERVISED.usesTeacher());
	}

	@Test
	public void everyNameAMacroUsedStillFindsItsMethod() {
		for (String n : List.of("Mean Teacher", "mean-teacher", "MEAN_TEACHER", " mt ", "meanteacher"))
			assertSame(n, TrainingMethods.MEAN_TEACHER, TrainingMethods.fromName(n));
		for (String n : List.of("UA-MT", "ua_mt", "uamt"))
			assertSame(n, TrainingMethods.UA_MT, TrainingMethods.fromName(n));
		for (String n : List.of("Supervised only", "SUPERVISED", "supervised_only", "supervised-baseline"))
			assertSame(n, TrainingMethods.SUPERVISED, TrainingMethods.fromName(n));
		for (String n : List.of("Copy-paste Mean Teacher", "copy_paste_mean_teacher", "BCP", "copy-paste", "copypaste"))
			assertSame(n, TrainingMethods.COPY_PASTE, TrainingMethods.fromName(n));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingMethods.fromName("fixmatch"));
		assertEquals("unknown method 'fixmatch' (Mean Teacher, UA-MT, Copy-paste Mean Teacher or Supervised only)", e.getMessage());
	}

	@Test
	public void aConfigurationRecordsTheMethodByItsIdAndReadsItBack() {
		TrainingConfig c = new TrainingConfig();
		c.method = TrainingMethods.UA_MT;
		String json = StrictJson.toJson(c);
		assertTrue(json, json.contains("\"method\": \"UA_MT\""));
		assertSame(TrainingMethods.UA_MT, StrictJson.fromJson(json, TrainingConfig.class).method);
		assertThrows(IllegalArgumentException.class, () -> TrainingMethods.byId("FIXMATCH"));
	}

	@Test
	public void aMethodChecksItsOwnSettings() {
		TrainingConfig c = new TrainingConfig();
		c.method = TrainingMethods.UA_MT;
		c.uncertaintyPasses = 1;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::validate);
		assertTrue(e.getMessage(), e.getMessage().contains("at least 2 stochastic teacher passes"));
		c.method = TrainingMethods.MEAN_TEACHER;
		c.validate();
		assertEquals(1 + 0.15 * 8, TrainingMethods.UA_MT.teacherMemoryFactor(new TrainingConfig()), 1e-12);
		assertEquals(1, TrainingMethods.MEAN_TEACHER.teacherMemoryFactor(new TrainingConfig()), 0);
	}
}
