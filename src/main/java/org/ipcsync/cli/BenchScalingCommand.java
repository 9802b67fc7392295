package org.ipcsync.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.bench.ScalingBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kit bench scaling}: the scaling table {@link ScalingBench} measures, into reports/scaling.{json,md}. */
@Command(name = "scaling", sortOptions = false, sortSynopsis = false,
        description = "TLC states and time per model for N = 2.. within a budget, the distributed run at the largest N,"
                + " and stop-all wall time at several camera counts -> reports/scaling.{json,md}",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchScalingCommand implements Callable<Integer> {
    private static final ScalingBench.Options DEFAULTS = ScalingBench.Options.defaults();

    @Option(names = "--budget-s", paramLabel = "S", defaultValue = "600",
            description = "seconds one TLC check may take before larger N are given up (default ${DEFAULT-VALUE})")
    private long budgetSeconds;

    @Option(names = "--max-cameras", paramLabel = "N", defaultValue = "5",
            description = "the largest model size tried, 2 to 6 (default ${DEFAULT-VALUE})")
    private int maxCameras;

    @Option(names = "--scenario-cameras", paramLabel = "K", split = ",", defaultValue = "2,4,8",
            description = "camera counts of the stop-all scenario (default ${DEFAULT-VALUE})")
    private List<Integer> scenarioCameras;

    @Option(names = "--repeats", paramLabel = "R", defaultValue = "3",
            description = "interleaved rounds of the scenarios; 0 skips them (default ${DEFAULT-VALUE})")
    private int repeats;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "2",
            description = "local workers of the distributed run at the largest N; 0 skips it (default ${DEFAULT-VALUE})")
    private int workers;

    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "reports",
            description = "where scaling.json and scaling.md go (default ${DEFAULT-VALUE})")
    private Path reports;

    @Option(names = "--design", paramLabel = "D", converter = SpecDesignConverter.class,
            description = "measure only this design's model (repeatable; default: all of ${COMPLETION-CANDIDATES})",
            completionCandidates = SpecDesignConverter.class)
    private List<org.ipcsync.spec.Model> designs;

    @Option(names = "--no-models",
            description = "skip the TLC part; the model rows already in DIR/scaling.json stay (so do other models'"
                    + " rows when --design picks some); with --repeats 0 it only rewrites scaling.md from scaling.json")
    private boolean noModels;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @Override
    public Integer call() throws Exception {
        if (budgetSeconds < 1) {
            throw new UsageException("--budget-s must be positive, got " + budgetSeconds);
        }
        if (maxCameras < 2 || maxCameras > 6) {
            throw new UsageException("--max-cameras must be between 2 and 6, got " + maxCameras);
        }
        if (repeats < 0 || workers < 0
                || scenarioCameras.stream().anyMatch(k -> k < 1 || k > org.ipcsync.scenario.Scenario.MAX_CAMERAS)) {
            throw new UsageException("--repeats >= 0, --workers >= 0 and --scenario-cameras 1 to "
                    + org.ipcsync.scenario.Scenario.MAX_CAMERAS + " each (the scenario engine's limit)");
        }
        if (noModels && designs != null) {
            throw new UsageException("--no-models runs only the scenarios: it takes no --design");
        }
        ScalingBench.run(new ScalingBench.Options(Duration.ofSeconds(budgetSeconds), maxCameras,
                List.copyOf(scenarioCameras), repeats, workers, DEFAULTS.scale(), reports,
                noModels ? List.of() : designs == null ? DEFAULTS.models() : designs));
        System.out.println("scaling: wrote " + reports.resolve("scaling.json") + " and " + reports.resolve("scaling.md"));
        return ExitCodes.OK;
    }
}
