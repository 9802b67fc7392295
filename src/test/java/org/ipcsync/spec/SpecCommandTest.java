package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcsync.cli.SpecCommand;
import org.ipcsync.cli.UsageException;
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
        SpecCommand cmd = command(ExpectedVerdicts.DEFAULT_FILE);
        assertThatThrownBy(() -> cmd.run(new String[] {"--frobnicate"})).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown option '--frobnicate'");
        assertThatThrownBy(() -> cmd.run(new String[] {"--cameras", "9"})).hasMessage("--cameras must be between 1 and 6, got 9");
        assertThatThrownBy(() -> cmd.run(new String[] {"--cameras=two"})).hasMessage("--cameras needs a number, got 'two'");
        assertThatThrownBy(() -> cmd.run(new String[] {"--design", "Fancy"})).hasMessageStartingWith("unknown design 'Fancy'");
        assertThatThrownBy(() -> cmd.run(new String[] {"--property"})).hasMessage("--property needs a value");
        assertThatThrownBy(() -> cmd.run(new String[] {"--design", "ThreadedSync", "--property", "CanaryNoDepth2"}))
                .hasMessageContaining("not checked for ThreadedSync");
        assertThat(printed.size()).isZero();
    }

    @Test
    void aVerdictAsExpectedExitsZeroAndPrintsTheTableRow() throws Exception {
        int status = command(ExpectedVerdicts.DEFAULT_FILE)
                .run(new String[] {"--design", "ThreadedSyncNoNotify", "--cameras", "2"});
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("ThreadedSyncNoNotify +NoLostWakeup +2 violated +violated +\\d+")
                .doesNotContain("MISMATCH");
        assertThat(Path.of("target", "tlc-cli-test", "reports", "verdicts.md")).exists();
    }

    @Test
    void simulationRunsSizesBeyondTheTableWithAFixedSeed() throws Exception {
        int status = command(ExpectedVerdicts.DEFAULT_FILE)
                .run(new String[] {"--simulate", "--design", "ThreadedSyncNoNotify", "--cameras", "4", "--seed", "7"});
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(out).isZero();
        assertThat(out).containsPattern("ThreadedSyncNoNotify +NoLostWakeup +4 violated +- ")
                .contains("random behaviours per check");
        assertThat(Path.of("target", "tlc-cli-test", "ThreadedSyncNoNotify-NoLostWakeup-N4-simulate", "tlc.out"))
                .content().contains("Random Simulation with seed 7");
    }

    @Test
    void aVerdictThatDiffersFromTheTableExitsOne() throws Exception {
        Path wrong = Path.of("target", "tlc-cli-test", "wrong-expectations.csv");
        Files.createDirectories(wrong.getParent());
        Files.writeString(wrong, "design,property,cameras,model,expected,note,canary\n"
                + "ThreadedSyncNoNotify,NoLostWakeup,2,x,holds,deliberately wrong,\n");
        int status = command(wrong).run(new String[] {"--design=ThreadedSyncNoNotify", "--cameras=2"});
        assertThat(status).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("MISMATCH", "1 verdict(s) differ");
    }
}
