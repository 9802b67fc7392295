package org.ipcsync.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.spec.Design;
import org.ipcsync.spec.TlcRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real recordings of the threaded design are behaviours of ThreadedSync, and recordings mutated
 * into something the design cannot do are rejected at the mutated event. One TLC JVM per trace
 * (about a second each); the scenarios run at scale 1 so the recorded times are the real ones.
 */
class ThreadedTraceValidationTest {
    private static final Map<String, Recording> RECORDINGS = new ConcurrentHashMap<>();
    private static final TraceValidator VALIDATOR = new TraceValidator(
            new TlcRunner(TlcRunner.Options.defaults().withWorkDir(Path.of("target", "tlc-trace-test"))));

    static Recording recording(String scenario) {
        return RECORDINGS.computeIfAbsent(scenario,
                s -> ScenarioRunner.run(Scenario.parse(s), RunConfig.of("threaded", 1, 1.0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cameras=2 stop-all", "cameras=2 ipa1=stop=latency:300 stop-all",
        "cameras=1 ipa0=stop=kill@1"})
    void realRecordingsAreAccepted(String scenario) {
        Recording r = recording(scenario);
        TraceVerdict v = VALIDATOR.validate(Design.THREADED, r, "accept-" + scenario);
        assertTrue(v.accepted(), scenario + ": " + v.describe());
        assertTrue(v.length() >= 3 * r.syncCalls().size() - 2, "every sync call is in the trace");
    }

    @Test
    void mutatedRecordingsAreRejectedAtTheMutatedEvent() {
        Recording r = recording("cameras=2 stop-all");
        List<RecordingMutants.Mutant> mutants = RecordingMutants.of(r);
        assertEquals(5, mutants.size(), "every mutant kind applies to a two-camera stop-all");
        for (RecordingMutants.Mutant m : mutants) {
            SpecTrace trace = EventMapping.forDesign(Design.THREADED).map(m.recording());
            TraceVerdict v = VALIDATOR.validate(trace, "mutant-" + m.name());
            assertFalse(v.accepted(), m.name() + " was accepted");
            assertEquals(m.expectedStep(trace), v.step(), m.name() + ": " + v.describe());
        }
    }

    @Test
    void anEmptyPrefixIsRejectedAtStepOne() {
        // A return with no call sent: nothing in the spec can produce it, so step 1 is the answer.
        Recording r = recording("cameras=2 stop-all");
        SpecTrace t = EventMapping.forDesign(Design.THREADED).map(r);
        SpecEvent first = t.events().get(0);
        SpecEvent bogus = new SpecEvent("return", first.camera(), first.cookie(), SpecEvent.NONE, 0, SpecEvent.NONE,
                "ok", first.us(), first.tick(), "a return before any send");
        SpecTrace broken = new SpecTrace(t.design(), t.cameras(), t.cookies(), t.ipaEvents(), t.workerDeaths(),
                t.clock(), List.of(bogus));
        TraceVerdict v = VALIDATOR.validate(broken, "bogus-first");
        assertFalse(v.accepted());
        assertEquals(1, v.step());
    }
}
