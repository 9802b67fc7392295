package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.junit.jupiter.api.Test;

/** Single scenarios on real pipes and workers: the §4 stories as the recordings show them. */
class EngineTest {
    /**
     * Camera 0's stop answers after 50 ms (scale 0.5), so camera 1's stop, posted right after it,
     * is dispatched inside camera 0's wait even when the application thread is slow to post (an
     * instant reply lost that race at load 8); camera 1's 200 ms stop then holds camera 0's
     * matched reply about 150 ms, past BoundedReturn's 100 ms floor.
     */
    private static final String HEADLINE = "cameras=2 ipa0=stop=latency:100 ipa1=stop=latency:400 run=300 stop-all";

    private static Map<String, Verdict> run(String design, String scenario, double scale) {
        Recording r = ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(DesignCatalog.pipe(design), 1, scale));
        Map<String, Verdict> verdicts = Properties.judgeAll(r);
        System.out.println(Timeline.format(r) + Timeline.verdicts(verdicts));
        return verdicts;
    }

    private static Recording recording(String design, String scenario, double scale) {
        return ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(DesignCatalog.pipe(design), 1, scale));
    }

    @Test
    void nestedStopAllRunsTheSecondStopInsideTheFirstAndTheFirstOverruns() {
        Recording r = recording("nested", HEADLINE, 0.5);
        System.out.println(Timeline.format(r));
        Recording.SyncCall inner = r.syncCallsOf(1).stream().filter(c -> c.command().equals("stop")).findFirst().orElseThrow();
        assertThat(inner.depth()).isEqualTo(2);
        // Camera 1's stop is dispatched while camera 0's stop sequence spins: inside its stop, or
        // inside its unmapBuffers when camera 0's IPA answered stop first. Either is the nesting.
        Recording.SyncCall outer = r.syncCalls().stream().filter(c -> c.id() == inner.enclosing()).findFirst().orElseThrow();
        assertThat(outer.camera()).isZero();
        assertThat(outer.command()).isIn("stop", "unmapBuffers");
        assertThat(outer.returnUs()).as("the outer call returns only after the inner one").isGreaterThan(inner.returnUs());
        Map<String, Verdict> v = Properties.judgeAll(r);
        assertThat(v.get("NoNestedDispatch").holds()).isFalse();
        assertThat(v.get("BoundedReturn").witnesses()).anySatisfy(w -> assertThat(w).contains(outer.label()));
        assertThat(v.get("EventuallyReturns").holds()).isTrue();
    }

    @Test
    void threadedStopAllKeepsEverythingTheModelProves() {
        Map<String, Verdict> v = run("threaded", HEADLINE, 0.5);
        for (String name : List.of("NoLostWakeup", "NoNestedDispatch", "BoundedReturn", "NoSpuriousTimeout",
                "EventuallyReturns", "NoCookieConfusion", "NoMessageLoss")) {
            assertThat(v.get(name).holds()).as(v.get(name).toString()).isTrue();
        }
    }

    @Test
    void nestedStopAllWithAHungIpaHangsTheOtherCameraUntilTheWatchdog() {
        Recording r = recording("nested", "cameras=2 ipa1=stop=hang@1 run=300 stop-all", 0.2);
        System.out.println(Timeline.format(r));
        assertThat(r.hung()).isTrue();
        assertThat(r.dump()).contains("pending: stop camera 0").contains("ppoll");
        // Camera 0's Camera::stop() hangs in its IPA stop, or in its unmapBuffers when its IPA
        // answered stop before camera 1's stop was dispatched (see the test above).
        Verdict v = Properties.byName("EventuallyReturns").judge(r, new Bounds(r.scale()));
        assertThat(v.witnesses()).anySatisfy(w -> assertThat(w).containsPattern("camera 0 (stop|unmapBuffers)"));
        assertThat(Recording.fromJson(r.toJson())).isEqualTo(r);
    }

    @Test
    void aReplyMatchedWhileTheThreadedCallerIsHeldIsStillReportedAsATimeout() {
        String held = "cameras=1 ipa0=stop=latency:1500 hold=stop@1:3000";
        Recording r = recording("threaded", held, 0.2);
        System.out.println(Timeline.format(r));
        Recording.SyncCall stop = r.syncCalls().stream().filter(c -> c.command().equals("stop")).findFirst().orElseThrow();
        assertThat(stop.heldUs()).as("the scenario held the caller").isPositive();
        assertThat(stop.replyUs()).as("the reply was matched after the wait ended").isGreaterThan(stop.waitEndUs());
        Map<String, Verdict> v = Properties.judgeAll(r);
        assertThat(v.get("NoMatchedReplyTimeout").witnesses()).singleElement().asString().contains(stop.label());
        // The nested caller reads its own socket: nothing is matched while it is held, and its
        // 2000 ms deadline is far from this reply anyway.
        assertThat(Properties.judgeAll(recording("nested", held, 0.2)).get("NoMatchedReplyTimeout").holds()).isTrue();
    }

    @Test
    void aWorkerKilledMidCallLeavesTheCallToItsDeadlineOnBothDesigns() {
        for (String design : List.of("nested", "threaded")) {
            // Scale 0.5: the threaded deadline (500 ms) leaves 400 ms in which a death must be
            // reported promptly; at 0.2 a worker slowed by a loaded machine can die so late in the
            // 200 ms call that its timeout is "prompt" after all.
            Recording r = recording(design, "cameras=1 ipa0=stop=kill@1", 0.5);
            System.out.println(Timeline.format(r));
            Recording.SyncCall stop = r.syncCalls().stream().filter(c -> c.command().equals("stop")).findFirst()
                    .orElseThrow();
            Recording.Note death = r.workerDeaths().stream().findFirst().orElseThrow();
            // Stamped when the worker was reaped, not when the camera manager got round to it.
            assertThat(death.us()).as(design + ": death recorded while stop was pending")
                    .isBetween(stop.sendUs(), stop.returnUs());
            assertThat(stop.timedOut()).as(design + ": nothing reacts to the death").isTrue();
            Verdict v = Properties.byName("PromptErrorOnExit").judge(r, new Bounds(r.scale()));
            assertThat(v.witnesses()).as(design).singleElement().asString().contains(stop.label());
        }
    }

    @Test
    void aSlowInitTimesOutOnlyOnTheThreadedDesignWhereItsLateReplyAbortsTheProcess() {
        // Scale 0.5: the 1.5 s reply sits 250 ms from both deadlines, well clear of scheduling noise.
        String slowInit = "cameras=1 ipa0=init=latency:1500 run=1000";
        Recording threaded = recording("threaded", slowInit, 0.5);
        System.out.println(Timeline.format(threaded));
        Map<String, Verdict> v = Properties.judgeAll(threaded);
        assertThat(v.get("NoEarlyTimeout").witnesses()).singleElement().asString().contains("init (cookie 0)");
        // The late init reply has metadataReady's cmd: libcamera's proxy aborts, and the run ends there.
        assertThat(threaded.abortUs()).isPositive();
        assertThat(threaded.endUs()).isEqualTo(threaded.abortUs());
        assertThat(threaded.deliveries()).anySatisfy(d -> assertThat(d.event()).isEqualTo("abort"));
        assertThat(Timeline.format(threaded)).contains("ABORT");
        Recording nested = recording("nested", slowInit, 0.5);
        System.out.println(Timeline.format(nested));
        Verdict early = Properties.byName("NoEarlyTimeout").judge(nested, new Bounds(nested.scale()));
        assertThat(early.holds()).isTrue();
        assertThat(early.situations()).as("the 1.5 s reply is the situation").isEqualTo(1);
        assertThat(nested.abortUs()).isEqualTo(-1);
    }

    @Test
    void anEventBeforeInitsReplyIsSwallowedAndTheRealReplyAbortsTheProcessOnBothDesigns() {
        for (String design : List.of("nested", "threaded")) {
            Recording r = recording(design, "cameras=1 ipa0=init=events-before:1", 0.2);
            Map<String, Verdict> v = Properties.judgeAll(r);
            Verdict order = v.get("EventBeforeReplyOrder");
            assertThat(order.witnesses()).as(design).anySatisfy(w -> assertThat(w).contains("init (cookie 0)")
                    .contains("never handled as an event"));
            assertThat(order.scopes().get(Properties.FIRST_CALL).violations()).isEqualTo(1);
            assertThat(v.get("NoCookieConfusion").scopes().get(Properties.LATER_CALLS).violations()).isZero();
            assertThat(v.get("NoStaleReplyAsEvent").holds()).as(design).isFalse();
            assertThat(r.abortUs()).as(design + ": the real init reply is decoded as metadataReady").isPositive();
        }
    }
}
