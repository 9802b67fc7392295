package org.ipcsync.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.bench.KillBench;
import org.ipcsync.os.Errno;
import org.ipcsync.catalog.DesignCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kit bench kill}: how long a sync call takes to return once its worker is SIGKILLed, per design. */
@Command(name = "kill", sortOptions = false, sortSynopsis = false,
        description = "a worker SIGKILLed mid-call (the C worker): time from the kill to the call's return, per design",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchKillCommand implements Callable<Integer> {
    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "kills per design (default ${DEFAULT-VALUE}; a design without death detection waits its "
                    + "deadline each time)")
    private int runs;

    @Option(names = "--design", paramLabel = "D", converter = PipeDesignConverter.class,
            completionCandidates = PipeDesignConverter.class, description = "only this design (default: every one)")
    private String design;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs <= 0) {
            throw new UsageException("--runs must be positive, got " + runs);
        }
        List<String> designs = design == null ? DesignCatalog.pipeNames() : List.of(design);
        List<KillBench.Run> result = KillBench.measure(designs.stream().map(DesignCatalog::pipe).toList(), runs);
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf("bench kill: the C worker SIGKILLed mid-call, from kill(2) to the call's return%n");
        for (String d : designs) {
            List<KillBench.Run> of = result.stream().filter(r -> r.design().equals(d)).toList();
            double max = of.stream().mapToDouble(KillBench.Run::killToReturnMs).max().orElse(0);
            out.printf("  %-10s %s  max %.1f ms  returned %s%n", d, String.join(" ", of.stream()
                    .map(r -> String.format("%.1f", r.killToReturnMs())).toList()), max,
                    of.stream().map(r -> Errno.name(-r.status())).distinct().toList());
        }
        return ExitCodes.OK;
    }
}
