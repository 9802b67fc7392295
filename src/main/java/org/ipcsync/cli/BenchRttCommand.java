package org.ipcsync.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.bench.RttBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kit bench rtt}: prints {@link RttBench}'s rows with each median as a ratio to the C baseline. */
@Command(name = "rtt", sortOptions = false, sortSynopsis = false,
        description = "sendSync round trip per design next to C and junixsocket ping-pongs, as ratios to C",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchRttCommand implements Callable<Integer> {
    @Option(names = "--calls", paramLabel = "N", defaultValue = "20000",
            description = "round trips measured per configuration, after a warm-up of a fifth as many (at least"
                    + " 2000) (default ${DEFAULT-VALUE})")
    private int calls;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (calls <= 0) {
            throw new UsageException("--calls must be positive, got " + calls);
        }
        int warmup = Math.max(2_000, calls / 5);
        out().printf("bench rtt: %d round trips after %d warm-up, per configuration%n", calls, warmup);
        List<RttBench.Row> rows = RttBench.measure(calls, warmup);
        double c = rows.get(0).medianUs();
        out().printf("%-38s %10s %10s %10s%n", "configuration", "median us", "p99 us", "median/C");
        for (RttBench.Row r : rows) {
            out().printf("%-38s %10.1f %10.1f %9.2fx%n", r.name(), r.medianUs(), r.p99Us(), r.medianUs() / c);
        }
        out().printf("%neach design against the C ping-pong of its own shape (C worker as peer, same run; goal <= 1.2x)%n");
        for (RttBench.ShapeRatio s : RttBench.sameShape(rows)) {
            out().printf("  %-9s %7.1f us  vs %-38s %7.1f us  %5.2fx%n", s.design(), s.java().medianUs(), s.c().name(),
                    s.c().medianUs(), s.ratio());
        }
        return ExitCodes.OK;
    }

    /** Where output goes: stdout, or what a test gave the command line. */
    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
