package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.ipcsync.device.Fault;
import org.ipcsync.ipa.IpaCommand;
import org.junit.jupiter.api.Test;

/** The scenario one-liner: what the generator makes and shrinking prints replays exactly. */
class ScenarioTextTest {
    @Test
    void theHeadlineScenarioReadsAndPrintsTheSame() {
        String text = "cameras=2 ipa1=stop=latency:300 run=200 stop-all";
        Scenario s = Scenario.parse(text);
        assertThat(s.cameras()).isEqualTo(2);
        assertThat(s.profile(1).script(IpaCommand.STOP).latency().format()).isEqualTo("300");
        assertThat(s.profile(0).format()).isEmpty();
        assertThat(s.actions()).containsExactly(new Action.Run(200), new Action.StopAll());
        assertThat(s.format()).isEqualTo(text);
    }

    @Test
    void faultsStopsAndStartsRoundTrip() {
        Scenario s = Scenario.parse("cameras=3 ipa0=init=events-before:2,events-after:1;stop=hang@1 fault=2:drop:30 "
                + "stop=1 start=1 fault=0:disconnect fault=1:error fault=2:fatal");
        assertThat(s.actions()).contains(new Action.DeviceFault(2, new Fault.DropFrames(30)));
        assertThat(s.ipaFaulty(0)).isTrue();
        assertThat(s.ipaFaulty(1)).isFalse();
        assertThat(s.deviceFaults(2)).containsExactly("drop:30", "fatal");
        assertThat(Scenario.parse(s.format())).isEqualTo(s);
    }

    @Test
    void holdsRoundTripAndSurviveShrinking() {
        Scenario s = Scenario.parse("cameras=2 ipa1=stop=latency:1100 hold=stop@1:500 stop-all");
        assertThat(s.holds()).containsExactly(new Scenario.Hold(org.ipcsync.ipa.IpaCommand.STOP, 1, 500));
        assertThat(s.format()).isEqualTo("cameras=2 ipa1=stop=latency:1100 hold=stop@1:500 stop-all");
        assertThat(Scenario.parse(s.format())).isEqualTo(s);
        assertThat(ScenarioShrinker.candidates(s)).anySatisfy(c -> assertThat(c.holds()).isEmpty())
                .filteredOn(c -> c.cameras() == 1).allSatisfy(c -> assertThat(c.holds()).isEqualTo(s.holds()));
        assertThatThrownBy(() -> Scenario.parse("cameras=1 hold=processStats@1:10")).hasMessageContaining("hold=");
        assertThatThrownBy(() -> Scenario.parse("cameras=1 hold=stop:10")).hasMessageContaining("COMMAND@N:MS");
    }

    @Test
    void theEngineTakesEightCamerasWhileTheGeneratorDrawsAtMostSix() {
        assertThat(Scenario.parse("cameras=8 ipa7=stop=latency:300 stop=7 stop-all").format())
                .isEqualTo("cameras=8 ipa7=stop=latency:300 stop=7 stop-all");
        qt().withFixedSeed(14).withExamples(200).forAll(ScenarioGen.scenarios())
                .check(s -> s.cameras() <= ScenarioGen.MAX_CAMERAS);
    }

    @Test
    void badTextNamesTheBadToken() {
        assertThatThrownBy(() -> Scenario.parse("cameras=2 stop=5")).hasMessageContaining("stop=5");
        assertThatThrownBy(() -> Scenario.parse("run=100")).hasMessageContaining("cameras=N");
        assertThatThrownBy(() -> Scenario.parse("cameras=9")).hasMessageContaining("1..8");
        assertThatThrownBy(() -> Scenario.parse("cameras=1 fault=0:melt")).hasMessageContaining("melt");
        assertThatThrownBy(() -> Scenario.parse("cameras=1 ipa0=stop=latency:x")).hasMessageContaining("ipa0");
    }

    @Test
    void everyGeneratedScenarioPrintsToTextThatParsesBackToIt() {
        qt().withFixedSeed(7).withExamples(500).forAll(ScenarioGen.scenarios())
                .checkAssert(s -> assertThat(Scenario.parse(s.format())).isEqualTo(s));
    }
}
