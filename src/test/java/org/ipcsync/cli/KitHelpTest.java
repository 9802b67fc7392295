package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.KitRun;
import org.ipcsync.verify.VerifyRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./kit help} documents every command and its exit codes, and bad command lines end as
 * one-line usage errors, never as stack traces.
 */
class KitHelpTest {
    private static final KitRun HELP = KitRun.of("help");

    @Test
    void helpExitsZeroAndListsEveryCommand() {
        assertThat(HELP.status()).isZero();
        for (CommandLine c : DocsTest.commands(Kit.tree())) {
            assertThat(HELP.out()).contains("Usage: " + c.getCommandSpec().qualifiedName());
        }
    }

    @Test
    void everyRunnableCommandDocumentsItsExitCodes() {
        for (CommandLine c : DocsTest.commands(Kit.tree())) {
            assertThat(c.getCommandSpec().usageMessage().exitCodeList())
                    .as(c.getCommandSpec().qualifiedName()).containsKeys("0", "2");
        }
        assertThat(HELP.out()).contains("Exit codes:");
    }

    @Test
    void verifyHelpStatesTheRunsDefaults() {
        VerifyRun.Options d = VerifyRun.Options.defaults();
        CommandLine.Model.CommandSpec verify = Kit.tree().getSubcommands().get("verify").getCommandSpec();
        assertThat(String.join(" ", verify.findOption("--budget").description()))
                .contains(DesignCatalog.implemented().stream()
                        .map(e -> e.campaign().orElseThrow().tries() + " " + e.name()).toArray(String[]::new));
        assertThat(String.join(" ", verify.findOption("--seed").description())).contains(Long.toString(d.seed()));
        assertThat(String.join(" ", verify.findOption("--reports").description())).contains("(default " + d.reports() + ")");
    }

    @Test
    void aNonNumberIsAUsageErrorNotAStackTrace() {
        KitRun run = KitRun.of("bench", "rtt", "--calls", "x");
        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.reason()).isEqualTo("./kit bench rtt: Invalid value for option '--calls': 'x' is not an int");
        assertThat(run.err()).contains("Usage: ./kit bench rtt").doesNotContain("Exception", "\tat ");
    }

    @Test
    void unknownCommandsAndMissingBenchmarksAreUsageErrors() {
        assertThat(KitRun.of("frobnicate").status()).isEqualTo(ExitCodes.USAGE);
        KitRun bench = KitRun.of("bench");
        assertThat(bench.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(bench.reason()).contains("Missing required subcommand");
        assertThat(KitRun.of("help", "nope").status()).isEqualTo(ExitCodes.USAGE);
        assertThat(KitRun.of("help", "bench", "rtt").out()).startsWith("Usage: ./kit bench rtt");
    }
}
