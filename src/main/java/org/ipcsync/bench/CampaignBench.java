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
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.ScenarioGen;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.property.Properties;

/**
 * Measures {@code ./kit bench campaign}: campaign throughput per pipe design (the same generator,
 * seed and scale {@code ./kit verify} uses, without shrinking) and, from each run's recording, the
 * worker boot: the time from the first camera's {@code open} (which spawns its IPA worker) to the
 * first {@code init}, which the engine sends once every worker idles in its event loop. Runs on
 * the calling thread; each scenario starts and reaps its own workers.
 */
public final class CampaignBench {
    /**
     * One design's campaign.
     *
     * @param bootMedianMs median over the runs of open-to-init (worker boot)
     * @param bootShare    the share of the campaign's wall time spent booting workers
     */
    public record Row(String design, int runs, double seconds, double scenariosPerSecond, double bootMedianMs,
                      double bootP90Ms, double bootShare) {}

    private CampaignBench() {}

    /** Every design in the catalogue: {@code tries} generated scenarios each, plus the fixed ingredient scenarios verify also runs. */
    public static List<Row> measure(int tries, long seed, double scale) {
        List<Row> rows = new ArrayList<>();
        for (PipeDesign design : DesignCatalog.pipes()) {
            rows.add(design(design, tries, seed, scale));
        }
        return rows;
    }

    private static Row design(PipeDesign design, int tries, long seed, double scale) {
        RunConfig config = RunConfig.of(design, seed, scale);
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
        return new Row(design.name(), r.runs(), seconds, r.runs() / seconds, percentile(sorted, 0.5), percentile(sorted, 0.9),
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

    private static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))];
    }
}
