package org.ipcsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.DeviceFactory;
import org.ipcsync.scenario.IsolatedIpa;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.ScenarioGen;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.simipa.SimIpa;

/**
 * Measures {@code ./kit bench campaign}: campaign throughput per pipe design (the same generator,
 * seed and scale {@code ./kit verify} uses, without shrinking) and, from each run's recording, the
 * worker boot: the time from the first camera's {@code open} (which spawns its IPA worker) to the
 * first {@code init}, which the engine sends once every worker idles in its event loop. Runs on
 * the calling thread; each scenario starts and reaps its own workers. With several sim-ipa
 * workers (java, native) each design runs once per worker, one after the other, so that the
 * machine's load drifts over both alike; each row notes the 1-minute load average at its end.
 */
public final class CampaignBench {
    /**
     * One design's campaign.
     *
     * @param bootMedianMs median over the runs of open-to-init (worker boot)
     * @param bootShare    the share of the campaign's wall time spent booting workers
     * @param load         the 1-minute load average when the design's campaign ended (NaN if unknown)
     */
    public record Row(String design, String worker, double load, int runs, double seconds, double scenariosPerSecond, double bootMedianMs,
                      double bootP90Ms, double bootShare) {}

    private CampaignBench() {}

    /** Every design in the catalogue: {@code tries} generated scenarios each, plus the fixed ingredient scenarios verify also runs. */
    public static List<Row> measure(int tries, long seed, double scale, List<SimIpa.Worker> workers) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("no sim-ipa worker to measure");
        }
        List<Row> rows = new ArrayList<>();
        for (PipeDesign design : DesignCatalog.pipes()) {
            for (SimIpa.Worker worker : workers) {
                rows.add(design(design, worker, tries, seed, scale));
            }
        }
        return rows;
    }

    private static Row design(PipeDesign design, SimIpa.Worker worker, int tries, long seed, double scale) {
        RunConfig config = new RunConfig(design, seed, scale, IsolatedIpa.of(worker), DeviceFactory.MOCK);
        List<Double> boots = new ArrayList<>();
        long t0 = System.nanoTime();
        // No time for shrinking: the campaign runs its tries and nothing else, so runs = tries.
        Campaign.Budget budget = Campaign.Budget.of(tries, scale).shrinking(Set.of(), 0, Duration.ZERO);
        CampaignResult r = Campaign.run(design.name(), budget, seed, ScenarioGen.scenarios(), ScenarioGen.ingredients(), s -> {
            Recording rec = ScenarioRunner.run(s, config);
            bootMillis(rec).ifPresent(boots::add);
            return Properties.judgeAll(rec);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        double[] sorted = boots.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double total = Arrays.stream(sorted).sum() / 1000.0;
        return new Row(design.name(), worker.label(), loadAverage(), r.runs(), seconds, r.runs() / seconds, percentile(sorted, 0.5), percentile(sorted, 0.9),
                seconds > 0 ? total / seconds : 0);
    }

    /** First open posted to first init posted, in ms of wall time (recordings are unscaled clocks). */
    static OptionalDouble bootMillis(Recording rec) {
        long open = rec.appCalls().stream().filter(c -> c.operation().equals("open")).mapToLong(Recording.AppCall::postUs)
                .min().orElse(-1);
        long init = rec.appCalls().stream().filter(c -> c.operation().equals("init")).mapToLong(Recording.AppCall::postUs)
                .min().orElse(-1);
        return open < 0 || init < open ? OptionalDouble.empty() : OptionalDouble.of((init - open) / 1000.0);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }
}
