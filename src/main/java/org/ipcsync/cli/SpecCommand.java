package org.ipcsync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ipcsync.spec.Check;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.spec.Model;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.spec.TlcCluster;
import org.ipcsync.spec.TlcException;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.TlcRunner;
import org.ipcsync.spec.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit spec}: runs TLC checks of the specs in {@code spec/}, prints a verdict table, writes
 * counterexample timelines to {@code reports/tlc/}, and exits 1 when a verdict differs from
 * {@code spec/expected-verdicts.csv}. Runs on the calling thread, one TLC child JVM at a time.
 */
@Command(name = "spec", sortOptions = false, sortSynopsis = false,
        description = "model-check the TLA+ specs with TLC; compare with spec/expected-verdicts.csv",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every verdict is the expected one", "1:a verdict differs from spec/expected-verdicts.csv",
            ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
public final class SpecCommand implements Callable<Integer> {
    private static final int SIMULATED_TRACES = 10_000;

    @Option(names = "--design", paramLabel = "D", converter = SpecDesignConverter.class,
            description = "one design of the catalog (${COMPLETION-CANDIDATES}); default: all",
            completionCandidates = SpecDesignConverter.class)
    private Model design;

    @Option(names = "--cameras", paramLabel = "N", description = "model size, 1 to 6; default: the CI sizes")
    private Integer cameras;

    @Option(names = "--property", paramLabel = "P", converter = SpecPropertyConverter.class,
            description = "one property, e.g. NoLostWakeup or EventuallyReturns; default: every property the design checks")
    private Property property;

    @Option(names = "--simulate", description = "TLC's random simulation (" + SIMULATED_TRACES
            + " behaviours) instead of exhaustive checking: for sizes beyond the CI table")
    private boolean simulate;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "60",
            description = "with --simulate: length of each behaviour, 1 to 10000 (default ${DEFAULT-VALUE})")
    private int depth;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "with --simulate: TLC's random seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--distributed", description = "TLC's distributed mode: a TLCServer and TLCWorker JVMs;"
            + " invariants only, so temporal properties (EventuallyReturns) still run in one JVM")
    private boolean distributed;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "2",
            description = "with --distributed: a number of local workers (default ${DEFAULT-VALUE}), or host,host,..."
                    + " whose workers you start with the command printed")
    private String workers;

    @Option(names = "--server-host", paramLabel = "H",
            description = "with --distributed and remote workers: this machine's address as they reach it")
    private String serverHost;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private final TlcRunner.Options baseOptions;
    private final Path expectedFile;
    private final PrintStream out;

    public SpecCommand() {
        this(TlcRunner.Options.defaults().withReportDir(Path.of("reports", "tlc")), ExpectedVerdicts.DEFAULT_FILE,
                System.out);
    }

    /** For tests: where to read specs and expectations, where to write, and where to print. */
    public SpecCommand(TlcRunner.Options options, Path expectedFile, PrintStream out) {
        this.baseOptions = options;
        this.expectedFile = expectedFile;
        this.out = out;
    }

    @Override
    public Integer call() throws UsageException {
        if (cameras != null && (cameras < 1 || cameras > 6)) {
            throw new UsageException("--cameras must be between 1 and 6, got " + cameras);
        }
        if (depth < 1 || depth > 10_000) {
            throw new UsageException("--depth must be between 1 and 10000, got " + depth);
        }
        List<Check> checks = SpecCatalogue.checks(design == null ? DesignCatalog.models() : List.of(design), cameras, property);
        if (checks.isEmpty()) {
            throw new UsageException("no check matches: " + property.tlaName() + " is not checked for " + design.name());
        }
        if (distributed && simulate) {
            throw new UsageException("--distributed and --simulate do not go together (TLC's server cannot simulate)");
        }
        TlcRunner.Options options = simulate ? baseOptions.withSimulation(depth, SIMULATED_TRACES, seed) : baseOptions;
        TlcRunner single = new TlcRunner(options);
        TlcRunner cluster = distributed ? new TlcRunner(options.withCluster(cluster())) : null;
        return runAll(checks, c -> cluster != null && !c.property().isTemporal() ? cluster : single, simulate);
    }

    private TlcCluster cluster() throws UsageException {
        try {
            if (workers.matches("\\d+")) {
                return TlcCluster.local(Integer.parseInt(workers));
            }
            return new TlcCluster(0, List.of(workers.split(",")), serverHost);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--workers: " + e.getMessage());
        }
    }

    private int runAll(List<Check> checks, java.util.function.Function<Check, TlcRunner> runners, boolean simulate) {
        ExpectedVerdicts expected = ExpectedVerdicts.load(expectedFile);
        String format = "%-21s %-22s %2s %-9s %-9s %10s %5s %7s %5s  %s%n";
        out.printf(format, "design", "property", "N", "verdict", "expected", "states", "depth", "seconds", "trace", "");
        List<String> table = new ArrayList<>();
        table.add("| design | property | N | verdict | expected | states | depth | seconds | trace | timeline |");
        table.add("|---|---|---|---|---|---|---|---|---|---|");
        int mismatches = 0;
        for (Check check : checks) {
            TlcResult r;
            try {
                r = runners.apply(check).run(check);
            } catch (TlcException e) {
                out.println("TLC could not check " + check.id() + ":\n" + e.getMessage());
                return ExitCodes.ERROR;
            }
            Optional<Verdict> want = expected.lookup(check).map(ExpectedVerdicts.Entry::expected);
            String mark = "";
            if (want.isPresent() && want.get() != r.verdict()) {
                if (simulate && r.verdict() == Verdict.HOLDS) {
                    mark = "(simulation found no violation)";
                } else {
                    mark = "MISMATCH";
                    mismatches++;
                }
            }
            String verdict = r.verdict().word() + (simulate && r.verdict() == Verdict.HOLDS ? "?" : "");
            String timeline = r.timelines().isEmpty() ? "" : r.timelines().get(0).toString();
            out.printf(format, check.design().name(), check.property().tlaName(), check.cameras(), verdict,
                    want.map(Verdict::word).orElse("-"), r.distinctStates(), r.depth(),
                    String.format("%.1f", r.seconds()), r.traceLength(), mark);
            table.add(String.format("| %s | %s | %d | %s | %s | %d | %d | %.1f | %d | %s |", check.design().name(),
                    check.property().tlaName(), check.cameras(), verdict, want.map(Verdict::word).orElse("-"),
                    r.distinctStates(), r.depth(), r.seconds(), r.traceLength(),
                    timeline.isEmpty() ? "" : Path.of(timeline).getFileName()));
        }
        if (distributed) {
            out.println("distributed: invariants checked by TLC's server with its workers; temporal properties"
                    + " (which its server would skip) in one JVM");
        }
        if (simulate) {
            out.println("simulate: " + SIMULATED_TRACES + " random behaviours per check; 'holds?' means none"
                    + " violated the property, not a proof; states = states generated");
        }
        writeTable(table);
        if (mismatches > 0) {
            out.println(mismatches + " verdict(s) differ from " + expectedFile);
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private void writeTable(List<String> table) {
        Path dir = baseOptions.reportDir();
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("verdicts.md"), table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("could not write " + dir.resolve("verdicts.md") + ": " + e.getMessage());
        }
    }
}
