package org.ipcsync.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.Design;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.spec.TlcException;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.TlcRunner;
import org.ipcsync.spec.Verdict;

/**
 * {@code ./kit spec [--design D] [--cameras N] [--property P] [--simulate [--depth D] [--seed S]]}:
 * runs TLC checks of the specs in {@code spec/}, prints a verdict table, writes counterexample
 * timelines to {@code reports/tlc/}, and exits 1 when a verdict differs from
 * {@code spec/expected-verdicts.csv}. Runs on the calling thread, one TLC child JVM at a time.
 */
public final class SpecCommand implements KitCommand {
    private static final int SIMULATED_TRACES = 10_000;

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
    public String name() {
        return "spec";
    }

    @Override
    public String summary() {
        return "model-check the TLA+ specs with TLC; compare with spec/expected-verdicts.csv";
    }

    @Override
    public int run(String[] args) throws UsageException {
        Design design = null;
        Integer cameras = null;
        Property property = null;
        boolean simulate = false;
        int depth = 60;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            switch (flag) {
                case "--simulate" -> simulate = true;
                case "--design", "--cameras", "--property", "--depth", "--seed" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(flag + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (flag) {
                        case "--design" -> design = designOf(value);
                        case "--cameras" -> cameras = intIn(flag, value, 1, 6);
                        case "--property" -> property = propertyOf(value);
                        case "--depth" -> depth = intIn(flag, value, 1, 10_000);
                        default -> seed = longOf(flag, value);
                    }
                }
                default -> throw new UsageException("unknown option '" + args[i]
                        + "' (options: --design D, --cameras N, --property P, --simulate, --depth N, --seed S)");
            }
        }
        List<Check> checks = SpecCatalogue.checks(design, cameras, property);
        if (checks.isEmpty()) {
            throw new UsageException("no check matches: " + property.tlaName() + " is not checked for " + design.label());
        }
        TlcRunner.Options options = simulate ? baseOptions.withSimulation(depth, SIMULATED_TRACES, seed) : baseOptions;
        return runAll(checks, new TlcRunner(options), simulate);
    }

    private int runAll(List<Check> checks, TlcRunner runner, boolean simulate) {
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
                r = runner.run(check);
            } catch (TlcException e) {
                out.println("TLC could not check " + check.id() + ":\n" + e.getMessage());
                return 1;
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
            out.printf(format, check.design().label(), check.property().tlaName(), check.cameras(), verdict,
                    want.map(Verdict::word).orElse("-"), r.distinctStates(), r.depth(),
                    String.format("%.1f", r.seconds()), r.traceLength(), mark);
            table.add(String.format("| %s | %s | %d | %s | %s | %d | %d | %.1f | %d | %s |", check.design().label(),
                    check.property().tlaName(), check.cameras(), verdict, want.map(Verdict::word).orElse("-"),
                    r.distinctStates(), r.depth(), r.seconds(), r.traceLength(),
                    timeline.isEmpty() ? "" : Path.of(timeline).getFileName()));
        }
        if (simulate) {
            out.println("simulate: " + SIMULATED_TRACES + " random behaviours per check; 'holds?' means none"
                    + " violated the property, not a proof; states = states generated");
        }
        writeTable(table);
        if (mismatches > 0) {
            out.println(mismatches + " verdict(s) differ from " + expectedFile);
            return 1;
        }
        return 0;
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

    private static Design designOf(String v) throws UsageException {
        try {
            return Design.byLabel(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown design '" + v + "' (NestedDispatch, NestedCrossThread, ThreadedSync,"
                    + " ThreadedSyncNoNotify)");
        }
    }

    private static Property propertyOf(String v) throws UsageException {
        try {
            return Property.byName(v);
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown property '" + v + "' (e.g. NoLostWakeup, EventuallyReturns)");
        }
    }

    private static int intIn(String flag, String v, int min, int max) throws UsageException {
        long n = longOf(flag, v);
        if (n < min || n > max) {
            throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + v);
        }
        return (int) n;
    }

    private static long longOf(String flag, String v) throws UsageException {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, got '" + v + "'");
        }
    }
}
