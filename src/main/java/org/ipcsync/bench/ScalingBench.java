package org.ipcsync.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.Model;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.spec.TlcCluster;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.TlcRunner;
import org.ipcsync.spec.TlcTimeoutException;
import org.ipcsync.spec.Verdict;

/**
 * How the kit grows with the number of cameras, on this machine: per model configuration the
 * reachable state space (a safety property that holds explores all of it) and the liveness check,
 * for N = 2.. until a check exceeds the budget; then the same safety check in TLC's distributed
 * mode at the largest N; and per pipe design the wall time of a stop-all scenario with 2, 4 and 6
 * cameras (the scenario engine's limit), the configurations interleaved and repeated so the spread shows. Written to
 * {@code scaling.json} and {@code scaling.md}.
 */
public final class ScalingBench {
    /**
     * @param budget        how long one TLC check may run before larger N are given up
     * @param maxCameras    the largest N tried
     * @param cameraCounts  scenario sizes
     * @param repeats       runs per scenario size and design
     * @param distributed   local workers for the distributed run at the largest N (0 = none)
     * @param models        the model configurations measured
     */
    public record Options(Duration budget, int maxCameras, List<Integer> cameraCounts, int repeats, int distributed,
                          double scale, Path out, List<Model> models) {
        public Options {
            models = List.copyOf(models);
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), 5, List.of(2, 4, 6), 3, 2, 0.2, Path.of("reports"),
                    DesignCatalog.models());
        }
    }

    /** One TLC check at one size; {@code seconds} is the budget when it timed out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelRow(String design, String property, int cameras, String mode, String verdict,
                           Long distinctStates, double seconds, boolean timedOut) {}

    /** A scenario size on one pipe design: wall times of each repeat, in seconds. */
    public record ScenarioRow(String design, int cameras, String scenario, List<Double> seconds) {
        public double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    public record Table(List<ModelRow> model, List<ScenarioRow> scenarios) {}

    private ScalingBench() {}

    public static Table run(Options o) throws IOException {
        List<ModelRow> model = new ArrayList<>();
        ExpectedVerdicts expected = ExpectedVerdicts.load();
        for (Model d : o.models()) {
            for (Property p : scaledProperties(d, expected)) {
                ModelRow largest = null;
                for (int n = 2; n <= o.maxCameras(); n++) {
                    ModelRow row = check(SpecCatalogue.check(d, p, n), null, o);
                    model.add(row);
                    print(row);
                    if (row.timedOut()) {
                        break;
                    }
                    largest = row;
                }
                if (largest != null && o.distributed() > 0 && !p.isTemporal() && largest.cameras() > 2) {
                    ModelRow row = check(SpecCatalogue.check(d, p, largest.cameras()),
                            TlcCluster.local(o.distributed()), o);
                    model.add(row);
                    print(row);
                }
            }
        }
        List<ScenarioRow> scenarios = new ArrayList<>();
        for (PipeDesign design : DesignCatalog.pipes()) {
            for (int cameras : o.cameraCounts()) {
                scenarios.add(new ScenarioRow(design.name(), cameras, "cameras=" + cameras + " stop-all", new ArrayList<>()));
            }
        }
        // Interleaved: one run of every (design, size) per round, so drift hits all alike.
        for (int round = 0; round < o.repeats(); round++) {
            for (ScenarioRow row : scenarios) {
                long t0 = System.nanoTime();
                ScenarioRunner.run(Scenario.parse(row.scenario()), RunConfig.of(DesignCatalog.pipe(row.design()), 20251126L, o.scale()));
                row.seconds().add(Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
                System.out.printf("scaling: %-9s %d cameras  %.2f s%n", row.design(), row.cameras(),
                        row.seconds().get(row.seconds().size() - 1));
            }
        }
        Table table = new Table(model, scenarios);
        Files.createDirectories(o.out());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(o.out().resolve("scaling.json").toFile(), table);
        Files.writeString(o.out().resolve("scaling.md"), markdown(table, o), StandardCharsets.UTF_8);
        return table;
    }

    /**
     * The properties whose cost stands for the configuration's: the first safety property the
     * table expects to hold (TLC then explores every reachable state) and, when the configuration
     * has it, EventuallyReturns (liveness: the distributed mode cannot take it).
     */
    static List<Property> scaledProperties(Model d, ExpectedVerdicts expected) {
        List<Property> out = new ArrayList<>();
        Optional<Property> full = d.properties().stream()
                .filter(p -> !p.isTemporal() && !p.isCanary())
                .filter(p -> expected.lookup(SpecCatalogue.check(d, p, 2))
                        .map(e -> e.expected() == Verdict.HOLDS).orElse(false))
                .findFirst();
        full.ifPresent(out::add);
        if (d.properties().contains(Property.EVENTUALLY_RETURNS)) {
            out.add(Property.EVENTUALLY_RETURNS);
        }
        return out;
    }

    private static ModelRow check(Check check, TlcCluster cluster, Options o) {
        TlcRunner.Options ro = TlcRunner.Options.defaults().withWorkDir(Path.of("target", "tlc-scaling"))
                .withTimeout(o.budget());
        if (cluster != null) {
            ro = ro.withCluster(cluster);
        }
        String mode = cluster == null ? "1 JVM" : "server + " + cluster.localWorkers() + " workers";
        try {
            TlcResult r = new TlcRunner(ro).run(check);
            return new ModelRow(check.design().name(), check.property().tlaName(), check.cameras(), mode,
                    r.verdict().word(), r.distinctStates(), Math.round(r.seconds() * 10) / 10.0, false);
        } catch (TlcTimeoutException e) {
            return new ModelRow(check.design().name(), check.property().tlaName(), check.cameras(), mode,
                    "over budget", null, o.budget().toSeconds(), true);
        }
    }

    private static void print(ModelRow r) {
        System.out.printf("scaling: %-22s %-20s N=%d  %-20s %-11s %12s states  %7.1f s%n", r.design(), r.property(),
                r.cameras(), r.mode(), r.verdict(), r.distinctStates() == null ? "-" : r.distinctStates(), r.seconds());
    }

    static String markdown(Table t, Options o) {
        StringBuilder s = new StringBuilder("# Scaling on this machine\n\n");
        s.append(String.format("TLC, one check per row, budget %d s per check (%d cores).%n%n",
                o.budget().toSeconds(), Runtime.getRuntime().availableProcessors()));
        s.append("| model | property | N | mode | verdict | distinct states | seconds |\n|---|---|---|---|---|---|---|\n");
        for (ModelRow r : t.model()) {
            s.append(String.format("| %s | %s | %d | %s | %s | %s | %s |%n", r.design(), r.property(), r.cameras(),
                    r.mode(), r.verdict(), r.distinctStates() == null ? "-" : r.distinctStates(),
                    r.timedOut() ? "> " + (long) r.seconds() : r.seconds()));
        }
        s.append(String.format("%nScenarios: `cameras=K stop-all` at scale %s, %d interleaved rounds; wall seconds"
                + " (median, then every run).%n%n", o.scale(), o.repeats()));
        s.append("| design | cameras | median s | runs |\n|---|---|---|---|\n");
        for (ScenarioRow r : t.scenarios()) {
            s.append(String.format("| %s | %d | %.2f | %s |%n", r.design(), r.cameras(), r.median(), r.seconds()));
        }
        return s.toString();
    }
}
