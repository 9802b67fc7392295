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
        Recording.SyncCall outer = r.syncCallsOf(0).stream().filter(c -> c.command().equals("stop")).findFirst().orElseThrow();
        Recording.SyncCall inner = r.syncCallsOf(1).stream().filter(c -> c.command().equals("stop")).findFirst().orElseThrow();
        assertThat(inner.depth()).isEqualTo(2);
        assertThat(inner.enclosing()).isEqualTo(outer.id());
        assertThat(outer.returnUs()).as("the outer stop returns only after the inner one").isGreaterThan(inner.returnUs());
        Map<String, Verdict> v = Properties.judgeAll(r);
        assertThat(v.get("NoNestedDispatch").holds()).isFalse();
        assertThat(v.get("BoundedReturn").witnesses()).anySatisfy(w -> assertThat(w).contains("camera 0 stop"));
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
        Verdict v = Properties.byName("EventuallyReturns").judge(r, new Bounds(r.scale()));
        assertThat(v.witnesses()).anySatisfy(w -> assertThat(w).contains("camera 0 stop"));
        assertThat(Recording.fromJson(r.toJson())).isEqualTo(r);
    }
}
