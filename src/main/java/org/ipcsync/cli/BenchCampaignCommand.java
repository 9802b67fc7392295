package org.ipcsync.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.bench.CampaignBench;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.verify.VerifyRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./kit bench campaign}: prints {@link CampaignBench}'s scenarios per second and worker boot per design. */
@Command(name = "campaign", sortOptions = false, sortSynopsis = false,
        description = "scenario campaign throughput (scenarios/s) and IPA worker boot time, per design",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class BenchCampaignCommand implements Callable<Integer> {
    @Option(names = "--tries", paramLabel = "N", defaultValue = "12",
            description = "scenarios per design, 1 to 10000 (default ${DEFAULT-VALUE})")
    private int tries;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "20251126",
            description = "the scenario generator's seed (default ${DEFAULT-VALUE}, as ./kit verify)")
    private long seed;

    @Option(names = "--worker", paramLabel = "W", split = ",", defaultValue = "native",
            description = "the sim-ipa worker(s): java, native, or java,native to run each design on both,"
                    + " one after the other (default ${DEFAULT-VALUE})")
    private List<String> workers;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws UsageException {
        if (tries <= 0 || tries > 10_000) {
            throw new UsageException("--tries must be between 1 and 10000, got " + tries);
        }
        List<SimIpa.Worker> chosen = new java.util.ArrayList<>();
        for (String w : workers) {
            try {
                SimIpa.Worker worker = SimIpa.Worker.parse(w.trim());
                if (!chosen.contains(worker)) {
                    chosen.add(worker);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--worker: " + e.getMessage());
            }
        }
        if (chosen.contains(SimIpa.Worker.NATIVE) && SimIpa.nativeWorker() == null) {
            throw new UsageException("--worker native: the native sim-ipa could not be built (see above)");
        }
        double scale = VerifyRun.Options.defaults().scale();
        var out = spec.commandLine().getOut();
        out.printf("bench campaign: %d scenarios per design, seed %d, scale %s (as ./kit verify), no shrinking%n",
                tries, seed, scale);
        List<CampaignBench.Row> rows = CampaignBench.measure(tries, seed, scale, chosen);
        out.printf("%-10s %-7s %5s %9s %12s %15s %13s %11s %5s%n", "design", "worker", "runs", "seconds", "scenarios/s",
                "boot median ms", "boot p90 ms", "boot share", "load");
        for (CampaignBench.Row r : rows) {
            out.printf("%-10s %-7s %5d %9.1f %12.2f %15.1f %13.1f %10.0f%% %5.1f%n", r.design(), r.worker(), r.runs(),
                    r.seconds(), r.scenariosPerSecond(), r.bootMedianMs(), r.bootP90Ms(), r.bootShare() * 100, r.load());
        }
        out.println("boot = first open (spawns the IPA worker) to first init (sent once every worker idles in its loop)");
        return ExitCodes.OK;
    }
}
