package org.ipcsync.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.catalog.DesignEntry;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions.Mutation;
import org.ipcsync.spec.TlcRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real recordings are behaviours of their design's spec, and recordings mutated into something
 * the design cannot do are rejected at the mutated event. One TLC JVM per trace (about a second
 * each); the scenarios run at scale 1 so the recorded times are the real ones.
 */
class TraceValidationTest {
    /**
     * A plain stop-all, verify's stall, a worker killed mid-call, and verify's hang: its nested
     * recording ends hung (the trace stops where the watchdog fired) and its threaded one has a
     * stop the worker never answered before it answered unmapBuffers (a dropped request).
     */
    static final List<String> SCENARIOS = List.of("cameras=2 stop-all", "cameras=2 ipa1=stop=latency:300 stop-all",
            "cameras=1 ipa0=stop=kill@1", "cameras=2 ipa1=stop=hang@1 stop-all");
    private static final Map<String, Recording> RECORDINGS = new ConcurrentHashMap<>();
    private static final TraceValidator VALIDATOR = new TraceValidator(
            new TlcRunner(TlcRunner.Options.defaults().withWorkDir(Path.of("target", "tlc-trace-test"))));

    static Recording recording(String design, String scenario) {
        return RECORDINGS.computeIfAbsent(design + "|" + scenario,
                k -> ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(DesignCatalog.pipe(design), 1, 1.0)));
    }

    /** Every implemented design whose catalog entry names a trace mapping. */
    static Stream<String> traced() {
        return DesignCatalog.implemented().stream().filter(e -> e.trace().isPresent()).map(DesignEntry::name);
    }

    static EventMapping mapping(String design) {
        return DesignCatalog.get(design).trace().orElseThrow();
    }

    static Stream<Arguments> recordings() {
        return traced().flatMap(d -> SCENARIOS.stream().map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("recordings")
    void realRecordingsAreAccepted(String design, String scenario) {
        Recording r = recording(design, scenario);
        TraceVerdict v = VALIDATOR.validate(mapping(design), r, "accept-" + scenario);
        assertTrue(v.accepted(), design + " " + scenario + ": " + v.describe());
        assertTrue(v.length() >= 2 * r.syncCalls().size(), "every sync call is in the trace");
    }

    @ParameterizedTest
    @MethodSource("traced")
    void mutatedRecordingsAreRejectedAtTheMutatedEvent(String design) {
        Recording r = recording(design, "cameras=2 stop-all");
        List<RecordingMutants.Mutant> mutants = RecordingMutants.of(r);
        assertEquals(5, mutants.size(), "every mutant kind applies to a two-camera stop-all");
        for (RecordingMutants.Mutant m : mutants) {
            SpecTrace trace = mapping(design).map(m.recording());
            TraceVerdict v = VALIDATOR.validate(trace, "mutant-" + m.name());
            assertFalse(v.accepted(), design + ": " + m.name() + " was accepted");
            assertFalse(v.inconclusive(), v.describe());
            SpecTrace original = mapping(design).map(r);
            assertTrue(m.atTheChange(original, trace, v.step()), design + ": " + m.name() + ": " + v.describe()
                    + " (expected " + m.expectedSteps(original, trace) + ")");
        }
    }

    @Test
    void theNotifyMutantIsWhatTheNoNotifySpecDoes() {
        // The "notify removed" recording is rejected by the threaded spec for the notify, not by accident:
        // the spec with notify_one removed accepts the very same trace.
        Recording r = recording("threaded", "cameras=2 stop-all");
        RecordingMutants.Mutant notify = RecordingMutants.of(r).stream()
                .filter(m -> m.name().startsWith("notify removed")).findFirst().orElseThrow();
        TraceVerdict v = VALIDATOR.validate(EventMapping.threadedSync(DesignCatalog.model("threaded-no-notify")),
                notify.recording(), "nonotify-" + notify.name());
        assertTrue(v.accepted(), v.describe());
    }

    // ---- async and reference (AsyncRequestsTrace.tla) ----

    /** stop's reply comes 1 s after its 2000 ms deadline: the reference drops it, async hands it to recv. */
    private static final String LATE_STOP_REPLY = "cameras=1 ipa0=stop=latency:3000";

    private static Recording referenceWith(Set<Mutation> mutations, String scenario) {
        PipeDesign reference = DesignCatalog.pipe("reference");
        PipeDesign mutated = new PipeDesign(reference.name(), reference.defaultTimeout(), reference.waits(),
                (worker, options) -> reference.create(worker, options.withMutations(mutations)));
        return ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(mutated, 1, 1.0));
    }

    private static List<String> kinds(SpecTrace t) {
        return t.events().stream().map(SpecEvent::ev).toList();
    }

    @Test
    void theReferencesStaleDropAndWorkerExitAreVisibleSteps() {
        Recording late = recording("reference", LATE_STOP_REPLY);
        SpecTrace t = mapping("reference").map(late);
        assertTrue(kinds(t).contains("drop"), "the stale reply's drop is a step: " + kinds(t));
        TraceVerdict v = VALIDATOR.validate(t, "reference-stale-drop");
        assertTrue(v.accepted(), v.describe());
        // The kill: the exit step fails the pending stop, whose error return follows it.
        SpecTrace kill = mapping("reference").map(recording("reference", "cameras=1 ipa0=stop=kill@1"));
        int exit = kinds(kill).indexOf("exit");
        assertTrue(exit >= 0, "the worker's exit is a step: " + kinds(kill));
        SpecEvent next = kill.events().get(exit + 1);
        assertEquals(List.of("return", "error"), List.of(next.ev(), next.status()), next.describe());
    }

    @Test
    void aReferencePipeWithoutStaleDropIsRejectedAtTheStaleReply() {
        // The pipe mutated as reference-no-stale-drop is: the late reply goes to recv, which the
        // reference spec cannot do, and the spec with DropStale off can: the rejection is the mechanism's.
        Recording r = referenceWith(Set.of(Mutation.STALE_REPLIES_AS_EVENTS), LATE_STOP_REPLY);
        SpecTrace t = mapping("reference").map(r);
        TraceVerdict v = VALIDATOR.validate(t, "reference-mutated-no-stale-drop");
        assertFalse(v.accepted(), "the reference spec accepted a stale reply handed to recv");
        assertFalse(v.inconclusive(), v.describe());
        assertEquals(List.of("recv", "reply"), List.of(v.event().ev(), v.event().kind()), v.describe());
        EventMapping noStaleDrop = EventMapping.asyncRequests(DesignCatalog.model("reference-no-stale-drop"));
        TraceVerdict own = VALIDATOR.validate(noStaleDrop, r, "no-stale-drop-own");
        assertTrue(own.accepted(), own.describe());
    }

    @Test
    void theReferencesFailFastIsNoBehaviourOfTheSpecWithoutIt() {
        // The reference fails the pending stop as soon as it sees the worker die; the spec with
        // FailFast off (reference-no-fail-fast) has no such step and cannot follow from there.
        Recording r = recording("reference", "cameras=1 ipa0=stop=kill@1");
        SpecTrace t = EventMapping.asyncRequests(DesignCatalog.model("reference-no-fail-fast")).map(r);
        TraceVerdict v = VALIDATOR.validate(t, "reference-kill-without-fail-fast");
        assertFalse(v.accepted(), "the spec without fail-fast accepted the reference's exit step");
        assertFalse(v.inconclusive(), v.describe());
        assertEquals("exit", v.event().ev(), v.describe());
    }

    @Test
    void pollOneDeliversADeferredEventOnlyAfterItsCallReturned() {
        // poll-one's sendSync defers an event its own poll read and the loop delivers it after the
        // call (and the invocation's next call) returned. The same recording with that delivery
        // moved to right after the read, inside the call (what a design dispatching during the
        // wait would do), must be rejected at the moved delivery: the deliver steps are checked.
        Recording r = recording("poll-one", "cameras=1 ipa0=stop=events-before:1");
        Recording.Received deferred = r.received().stream()
                .filter(rc -> r.syncCalls().stream().anyMatch(s -> s.camera() == rc.camera() && s.sendUs() <= rc.us()
                        && rc.us() <= s.returnUs()))
                .findFirst().orElseThrow(() -> new AssertionError("no event was read during a call: " + r.received()));
        List<Recording.Delivery> moved = r.deliveries().stream()
                .map(d -> d.camera() == deferred.camera() && d.ordinal() == deferred.ordinal()
                        ? new Recording.Delivery(d.camera(), d.ordinal(), d.cmd(), d.cookie(), d.event(), d.arg0(), d.bytes(),
                                d.depth(), deferred.us() + 1)
                        : d).toList();
        Recording early = r.withDeliveries(moved);
        TraceVerdict original = VALIDATOR.validate(mapping("poll-one"), r, "pollone-deferred");
        assertTrue(original.accepted(), original.describe());
        SpecTrace trace = mapping("poll-one").map(early);
        int deliver = 1 + trace.events().stream().map(SpecEvent::ev).toList().indexOf("deliver");
        assertTrue(deliver > 0, "the deferred event's delivery is a trace event");
        TraceVerdict v = VALIDATOR.validate(trace, "pollone-delivered-early");
        assertFalse(v.accepted(), v.describe());
        assertEquals(deliver, v.step(), v.describe());
    }

    @Test
    void pollOneReadsNoOtherSocketDuringACall() {
        // While a poll-one call waits, the camera manager polls its own socket only: another
        // camera's event waits for the loop. The recording with one of camera 1's events moved
        // into a call of camera 0 (read there, as the nested design's loop would) must be
        // rejected at that event.
        Recording r = recording("poll-one", "cameras=2 run=500 stop-all");
        Recording.Received event = r.received().stream().filter(rc -> rc.camera() == 1).findFirst()
                .orElseThrow(() -> new AssertionError("camera 1 sent no event: " + r.received()));
        Recording.SyncCall call = r.syncCalls().stream().filter(s -> s.camera() == 0 && s.replyUs() > s.sendUs() + 1)
                .reduce((a, b) -> b).orElseThrow();
        long inside = call.sendUs() + 1;
        List<Recording.Received> moved = r.received().stream()
                .map(rc -> rc == event ? new Recording.Received(rc.camera(), rc.ordinal(), rc.cmd(), rc.cookie(), rc.thread(), inside)
                        : rc).toList();
        Recording during = r.withReceived(moved);
        SpecTrace trace = mapping("poll-one").map(during);
        int step = 1 + trace.events().stream().map(e -> e.ev().equals("recv") && e.camera() == 1 && e.us() == inside).toList()
                .indexOf(true);
        assertTrue(step > 0, "the moved event is in the trace");
        TraceVerdict v = VALIDATOR.validate(trace, "pollone-other-socket");
        assertFalse(v.accepted(), v.describe());
        assertEquals(step, v.step(), v.describe());
    }

    @Test
    void anAbortedRunIsCheckedUpToLibcamerasAbort() {
        // init takes the first event (cookie 0) as its reply; its real reply, read later, is
        // decoded as an event with too short a payload: libcamera's proxy would abort there and
        // handles nothing more. A later deferred event then stays queued, undelivered, ahead of
        // whatever was posted after it, which no behaviour can get past (a poll-one campaign run,
        // rejected before the cut at step 30, the send of a call posted before the abort).
        Recording r = recording("poll-one", "cameras=1 ipa0=init=events-before:2,events-after:1 run=400");
        assertTrue(r.abortUs() >= 0, "the run reached libcamera's abort: " + r.notes());
        SpecTrace trace = mapping("poll-one").map(r);
        assertTrue(trace.events().stream().allMatch(e -> e.us() <= r.abortUs()), "nothing after the abort is in the trace");
        TraceVerdict v = VALIDATOR.validate(trace, "pollone-aborted");
        assertTrue(v.accepted(), v.describe());
    }

    @Test
    void aReturnBeforeAnySendIsRejectedAtStepOne() {
        SpecTrace t = mapping("threaded").map(recording("threaded", "cameras=2 stop-all"));
        SpecEvent first = t.events().get(0);
        SpecEvent bogus = new SpecEvent("return", first.camera(), first.cookie(), SpecEvent.NONE, 0, SpecEvent.NONE,
                "ok", false, 0, first.us(), first.tick(), "a return before any send");
        SpecTrace broken = new SpecTrace(t.design(), t.recordedCookies(), t.cameras(), t.cookies(), t.ipaEvents(), t.workerDeaths(),
                t.clock(), List.of(bogus));
        TraceVerdict v = VALIDATOR.validate(broken, "bogus-first");
        assertFalse(v.accepted());
        assertEquals(1, v.step());
    }

    /**
     * One poll wake-up of the nested camera manager reads every readable socket: camera 0's reply
     * and camera 1's event, read in one processEvents before camera 0's call returns (a verify run
     * with the native worker recorded it). The trace spec takes such reads as one step.
     */
    @Test
    void oneNestedWakeUpReadsEveryReadableSocketBeforeTheCallReturns() {
        SpecTrace t = mapping("nested").map(recording("nested", "cameras=2 stop-all"));
        long us = t.events().get(0).us();
        List<SpecEvent> events = List.of(
                new SpecEvent("post", 0, 0, SpecEvent.NONE, 0, SpecEvent.NONE, SpecEvent.NONE, false, 0, us, 0, "init posted"),
                new SpecEvent("send", 0, 0, SpecEvent.NONE, 1, "cm", SpecEvent.NONE, false, 0, us, 0, "init sent"),
                new SpecEvent("match", 0, 0, "reply", 0, SpecEvent.NONE, SpecEvent.NONE, false, 0, us, 0, "init's reply"),
                new SpecEvent("recv", 1, 0, "event", 0, SpecEvent.NONE, SpecEvent.NONE, false, 0, us, 0, "camera 1's event"),
                new SpecEvent("return", 0, 0, SpecEvent.NONE, 0, SpecEvent.NONE, "ok", false, 0, us, 0, "init returned"));
        SpecTrace together = new SpecTrace(t.design(), t.recordedCookies(), 2, List.of(List.of(0), List.of()),
                List.of(0, 1), 0, t.clock(), events);
        TraceVerdict v = VALIDATOR.validate(together, "one-wake-two-reads");
        assertTrue(v.accepted(), v.describe());
        // The same reads with camera 1's datagram a reply nobody sent: no behaviour has it.
        List<SpecEvent> bogus = new java.util.ArrayList<>(events);
        bogus.set(3, new SpecEvent("recv", 1, 0, "reply", 0, SpecEvent.NONE, SpecEvent.NONE, false, 0, us, 0, "a reply never sent"));
        TraceVerdict w = VALIDATOR.validate(new SpecTrace(t.design(), t.recordedCookies(), 2, List.of(List.of(0), List.of()),
                List.of(0, 1), 0, t.clock(), bogus), "one-wake-bogus-reply");
        assertFalse(w.accepted());
        assertEquals(4, w.step(), w.describe());
    }
}
