package org.ipcsync.cli;

import java.util.concurrent.Callable;
import org.ipcsync.bench.LatencyStats;
import org.ipcsync.bench.WakeupBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kit bench wakeup}: prints the wake-up latency distribution {@link WakeupBench} measures. */
@Command(name = "wakeup", sortOptions = false, sortSynopsis = false,
        description = "wake-up latency of a dispatcher blocked in ppoll after a cross-thread postMessage",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchWakeupCommand implements Callable<Integer> {
    @Option(names = "--wakeups", paramLabel = "N", defaultValue = "10000",
            description = "wake-ups measured (default ${DEFAULT-VALUE})")
    private int wakeups;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (wakeups <= 0) {
            throw new UsageException("--wakeups must be positive, got " + wakeups);
        }
        LatencyStats s = WakeupBench.measure(wakeups, Math.min(2_000, wakeups));
        out().printf("wakeup: cross-thread postMessage -> dispatch in a loop blocked in ppoll%n");
        out().printf("  wake-ups %d  median %.1f us  p99 %.1f us  min %.1f us  max %.1f us%n",
                s.samples(), s.medianMicros(), s.p99Micros(), s.minNanos() / 1000.0, s.maxNanos() / 1000.0);
        return ExitCodes.OK;
    }

    /** Where output goes: stdout, or what a test gave the command line. */
    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
