package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcsync.cli.SpecCommand;
import org.ipcsync.testing.KitRun;
import org.junit.jupiter.api.Test;

class SpecCommandTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final TlcRunner.Options options = TlcRunner.Options.defaults()
            .withWorkDir(Path.of("target", "tlc-cli-test"))
            .withReportDir(Path.of("target", "tlc-cli-test", "reports"));

    private SpecCommand command(Path expected) {
        return new SpecCommand(options, expected, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void badFlagsAreOneLineUsageErrors() {
        assertRefused("Unknown option: '--frobnicate'", "--frobnicate");
        assertRefused("--cameras must be between 1 and 6, got 9", "--cameras", "9");
        assertRefused("Invalid value for option '--cameras': 'two' is not an int", "--cameras=two");
        assertRefused("unknown design 'Fancy'", "--design", "Fancy");
        assertRefused("Missing required parameter for option '--property'", "--property");
        assertRefused("not checked for threaded", "--design", "threaded", "--property", "CanaryNoDepth2");
        assertThat(printed.size()).isZero();
    }

    private void assertRefused(String reason, String... args) {
        KitRun run = KitRun.on(command(ExpectedVerdicts.DEFAULT_FILE), args);
        assertThat(run.status()).as(run.err()).isEqualTo(2);
        assertThat(run.reason()).startsWith("spec: ").contains(reason);
        assertThat(run.err()).contains("Usage: spec").doesNotContain("\tat ");
    }

    @Test
    void aVerdictAsExpectedExitsZeroAndPrintsTheTableRow() throws Exception {
        int status = KitRun.on(command(ExpectedVerdicts.DEFAULT_FILE), "--design", "threaded-no-notify", "--cameras", "2")
                .status();
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("threaded-no-notify +NoLostWakeup +2 violated +violated +\\d+")
                .doesNotContain("MISMATCH");
        assertThat(Path.of("target", "tlc-cli-test", "reports", "verdicts.md")).exists();
    }

    @Test
    void simulationRunsSizesBeyondTheTableWithAFixedSeed() throws Exception {
        int status = KitRun.on(command(ExpectedVerdicts.DEFAULT_FILE),
                "--simulate", "--design", "threaded-no-notify", "--cameras", "4", "--seed", "7").status();
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("threaded-no-notify +NoLostWakeup +4 violated +- ")
                .contains("random behaviours per check");
        assertThat(Path.of("target", "tlc-cli-test", "threaded-no-notify-NoLostWakeup-N4-simulate", "tlc.out"))
                .content().contains("Random Simulation with seed 7");
    }

    @Test
    void theDistributedModeRunsAServerAndLocalWorkersAndKeepsTheVerdict() throws Exception {
        int status = KitRun.on(command(ExpectedVerdicts.DEFAULT_FILE), "--distributed", "--workers", "2",
                "--design", "threaded-no-notify", "--cameras", "2").status();
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("threaded-no-notify +NoLostWakeup +2 violated +violated")
                .contains("distributed: invariants checked by TLC's server");
        assertThat(Path.of("target", "tlc-cli-test", "threaded-no-notify-NoLostWakeup-N2", "worker-1.out")).exists();
        assertRefused("do not go together", "--distributed", "--simulate");
    }

    @Test
    void aVerdictThatDiffersFromTheTableExitsOne() throws Exception {
        Path wrong = Path.of("target", "tlc-cli-test", "wrong-expectations.csv");
        Files.createDirectories(wrong.getParent());
        Files.writeString(wrong, "design,property,cameras,model,expected,note,canary\n"
                + "threaded-no-notify,NoLostWakeup,2,x,holds,deliberately wrong,\n");
        int status = KitRun.on(command(wrong), "--design=threaded-no-notify", "--cameras=2").status();
        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("MISMATCH", "1 verdict(s) differ");
    }
}
