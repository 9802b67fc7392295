package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.scenario.Scenario;
import org.junit.jupiter.api.Test;

/** `./kit simulate` flags: what scenario they build, and one-line errors for bad ones. */
class SimulateCommandTest {
    @Test
    void theHeadlineFlagsBuildTheHeadlineScenario() throws Exception {
        SimulateCommand.Request r = SimulateCommand.parse(new String[] {
            "--design", "nested", "--cameras", "2", "--latency", "stop=300@1", "--stop-all"});
        assertThat(r.design()).isEqualTo("nested");
        assertThat(r.scale()).isEqualTo(1.0);
        assertThat(r.scenario().format()).isEqualTo("cameras=2 ipa1=stop=latency:300 run=600 stop-all");
    }

    @Test
    void latencyWithoutACameraAppliesToEveryCameraAndHangFaultsTheFirstCall() throws Exception {
        SimulateCommand.Request r = SimulateCommand.parse(new String[] {
            "--design", "threaded", "--cameras", "3", "--latency", "start=50", "--hang", "stop@2", "--seed", "9",
            "--scale", "0.25", "--json", "--run", "100"});
        Scenario s = r.scenario();
        for (int c = 0; c < 3; c++) {
            assertThat(s.profile(c).script(IpaCommand.START).latency().format()).isEqualTo("50");
        }
        assertThat(s.profile(2).format()).contains("stop=hang@1");
        assertThat(r.seed()).isEqualTo(9);
        assertThat(r.json()).isTrue();
    }

    @Test
    void aScenarioLineReplaysAsIs() throws Exception {
        String line = "cameras=2 ipa1=stop=hang@1 stop-all";
        assertThat(SimulateCommand.parse(new String[] {"--design", "nested", "--scenario", line}).scenario().format())
                .isEqualTo(line);
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--cameras", "2"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--design is required");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "spinning"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown design");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--latency", "stop=300@2"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("camera 2 does not exist");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--latency", "dance=3"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown IPA command");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--cameras", "7"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("1..6");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--scale", "0"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("--scale");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--frobnicate"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown flag");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design", "nested", "--scenario", "cameras=1",
            "--stop-all"})).isInstanceOf(UsageException.class).hasMessageContaining("--scenario");
        assertThatThrownBy(() -> SimulateCommand.parse(new String[] {"--design"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("needs a value");
    }
}
