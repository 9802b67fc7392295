package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.ipa.IpaCommand;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.testing.KitRun;
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
    void jsonCarriesEveryPropertyVerdictAndARecordingThatReadsBack() throws Exception {
        KitRun run = KitRun.of("simulate", "--design", "threaded", "--cameras", "1", "--run", "0", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("schema").asText()).isEqualTo("ipcsync-simulate/1");
        assertThat(json.path("replay").asText()).startsWith("./kit simulate --design threaded");
        for (String property : Properties.names()) {
            assertThat(json.path("verdicts").path(property).path("verdict").asText()).as(property).isIn("holds", "violated", "vacuous");
        }
        Recording recording = Recording.fromJson(json.path("recording").toString());
        assertThat(recording.design()).isEqualTo("threaded");
        assertThat(recording.syncCalls()).isNotEmpty();
    }

    @Test
    void killAndHoldFlagsBuildTheIngredientsTheCampaignReplays() throws Exception {
        SimulateCommand.Request r = SimulateCommand.parse(new String[] {
            "--design", "threaded", "--cameras", "1", "--latency", "stop=1100", "--hold", "stop@1:500", "--run", "0"});
        assertThat(r.scenario().format()).isEqualTo("cameras=1 ipa0=stop=latency:1100 hold=stop@1:500 run=0");
        SimulateCommand.Request k = SimulateCommand.parse(new String[] {
            "--design", "nested", "--cameras", "2", "--kill", "stop@1", "--run", "0"});
        assertThat(k.scenario().format()).isEqualTo("cameras=2 ipa1=stop=kill@1 run=0");
        assertRefused("--hold: expected hold=COMMAND@N:MS", "--design", "nested", "--hold", "stop:5");
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        assertRefused("Missing required option: '--design=D'", "--cameras", "2");
        assertRefused("unknown design 'spinning' (designs: " + String.join(", ", DesignCatalog.pipeNames()) + ")",
                "--design", "spinning");
        assertRefused("design 'nested-cross-thread' is a model variant of nested and has no pipe", "--design",
                "nested-cross-thread");
        assertRefused("camera 2 does not exist", "--design", "nested", "--latency", "stop=300@2");
        assertRefused("unknown IPA command", "--design", "nested", "--latency", "dance=3");
        assertRefused("1..8", "--design", "nested", "--cameras", "9");
        assertRefused("--scale must be in (0, 10]", "--design", "nested", "--scale", "0");
        assertRefused("Unknown option: '--frobnicate'", "--design", "nested", "--frobnicate");
        assertRefused("--scenario replays a whole scenario", "--design", "nested", "--scenario", "cameras=1", "--stop-all");
        assertRefused("Missing required parameter for option '--design'", "--design");
        assertRefused("'x' is not a long", "--design", "nested", "--run", "x");
    }

    private static void assertRefused(String reason, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "simulate";
        System.arraycopy(args, 0, full, 1, args.length);
        KitRun run = KitRun.of(full);
        assertThat(run.status()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.reason()).startsWith("./kit simulate: ").contains(reason);
        assertThat(run.err()).contains("Usage: ./kit simulate").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
