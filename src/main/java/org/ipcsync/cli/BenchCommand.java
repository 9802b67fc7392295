package org.ipcsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit bench NAME}: the benchmarks, reported as distributions, never as pass/fail
 * timings. Only a parent: without a benchmark name it is a usage error.
 */
@Command(name = "bench", description = "benchmarks (distributions, not pass/fail)",
        synopsisSubcommandLabel = "BENCHMARK",
        subcommands = {BenchWakeupCommand.class, BenchRttCommand.class, BenchCampaignCommand.class,
            BenchScalingCommand.class, BenchKillCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchCommand {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;
}
