package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.junit.jupiter.api.Test;

/** Single scenarios on real pipes and workers: the §4 stories as the recordings show them. */
class EngineTest {
    private static final String HEADLINE = "cameras=2 ipa1=stop=latency:300 run=300 stop-all";

    private static Map<String, Verdict> run(String design, String scenario, double scale) {
        Recording r = ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(design, 1, scale));
        Map<String, Verdict> verdicts = Properties.judgeAll(r);
        System.out.println(Timeline.format(r) + Timeline.verdicts(verdicts));
        return verdicts;
    }

    private static Recording recording(String design, String scenario, double scale) {
        return ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(design, 1, scale));
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
}
