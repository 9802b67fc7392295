package org.ipcsync.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.scenario.Recording;
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
     * @param models        the model configurations measured; empty skips the TLC part
     */
    public record Options(Duration budget, int maxCameras, List<Integer> cameraCounts, int repeats, int distributed,
                          double scale, Path out, List<Model> models) {
        public Options {
            models = List.copyOf(models);
        }

        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), 5, List.of(2, 4, 8), 3, 2, 0.2, Path.of("reports"),
                    DesignCatalog.models());
        }
    }

    /**
     * One TLC check at one size; {@code seconds} is the budget when it timed out. The load
     * averages are the machine's one-minute load when the check started and ended.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelRow(String design, String property, int cameras, String mode, String verdict,
                           Long distinctStates, double seconds, boolean timedOut, double loadBefore, double loadAfter) {}

    /**
     * A scenario size on one pipe design: per repeat the wall time in seconds, the load as it
     * started, and whether every call returned ({@link #RETURNED}) or the watchdog ended the run
     * ({@link #HUNG}: the nested design's hang, its time then the watchdog's).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScenarioRow(String design, int cameras, String scenario, List<Double> seconds, List<Double> loads,
                              List<String> outcomes) {
        public static final String RETURNED = "returned";
        public static final String HUNG = "hung";
        /**
         * Every call returned, but a worker was still unreaped a second after the teardown's
         * SIGKILL and the engine killed it again (seen at load 28 with eight workers exiting at
         * once); its time includes that second.
         */
        public static final String SLOW_REAP = "slow-reap";

        public ScenarioRow {
            outcomes = outcomes == null ? new ArrayList<>() : outcomes;
        }

        public long hung() {
            return outcomes.stream().filter(HUNG::equals).count();
        }

        public double median() {
            return ScalingBench.median(seconds);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Table(List<ModelRow> model, List<ScenarioRow> scenarios) {}

    private static final String ONE_JVM = "1 JVM";

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

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
        for (PipeDesign design : o.repeats() == 0 ? List.<PipeDesign>of() : DesignCatalog.pipes()) {
            for (int cameras : o.cameraCounts()) {
                scenarios.add(new ScenarioRow(design.name(), cameras, "cameras=" + cameras + " stop-all", new ArrayList<>(),
                        new ArrayList<>(), new ArrayList<>()));
            }
        }
        // Interleaved: one run of every (design, size) per round, so drift hits all alike.
        for (int round = 0; round < o.repeats(); round++) {
            for (ScenarioRow row : scenarios) {
                row.loads().add(LoadAverage.oneMinute());
                long t0 = System.nanoTime();
                Recording rec = ScenarioRunner.run(Scenario.parse(row.scenario()),
                        RunConfig.of(DesignCatalog.pipe(row.design()), 20251126L, o.scale()));
                refuseEngineErrors(row, rec);
                row.outcomes().add(rec.hung() ? ScenarioRow.HUNG
                        : rec.notes().stream().anyMatch(ScalingBench::slowReap) ? ScenarioRow.SLOW_REAP
                        : ScenarioRow.RETURNED);
                row.seconds().add(Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
                System.out.printf("scaling: %-9s %d cameras  %.2f s%n", row.design(), row.cameras(),
                        row.seconds().get(row.seconds().size() - 1));
            }
        }
        return write(new Table(model, scenarios), o);
    }

    /**
     * A run whose cameras never came up (no worker, a worker not booted in time, a call that
     * failed) is quick and would pass for a fast one: every camera's IPA is fast and healthy, so
     * every application call that returned must have returned 0; otherwise the bench stops
     * instead of printing its time. A hang is the design's own outcome and is recorded, not refused.
     */
    private static void refuseEngineErrors(ScenarioRow row, Recording rec) {
        List<String> errors = new ArrayList<>();
        rec.notes().stream().filter(n -> n.kind().equals(Recording.Note.ENGINE_ERROR))
                .filter(n -> !slowReap(n))
                .forEach(n -> errors.add((n.camera() < 0 ? "" : "camera " + n.camera() + ": ") + n.text()));
        rec.appCalls().stream().filter(c -> c.returnUs() >= 0 && !c.outcome().equals("0"))
                .forEach(c -> errors.add("camera " + c.camera() + ": " + c.operation() + " returned " + c.outcome()));
        if (!errors.isEmpty()) {
            throw new IllegalStateException(row.design() + " '" + row.scenario() + "' did not run as a scenario: "
                    + errors);
        }
    }

    private static boolean slowReap(Recording.Note n) {
        return n.kind().equals(Recording.Note.ENGINE_ERROR) && n.text().startsWith("killed leftover worker");
    }

    /**
     * Adds this run's rows to the table already in {@code out}: its models' rows and, if it ran
     * scenarios, its scenario rows replace the old ones; every other row stays. So the table can
     * be measured in parts (one model at a time, the scenarios on a quiet machine) and still be
     * one file; runs side by side into one directory take turns through a lock.
     */
    private static Table write(Table fresh, Options o) throws IOException {
        Files.createDirectories(o.out());
        Path json = o.out().resolve("scaling.json");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (FileChannel lockFile = FileChannel.open(o.out().resolve(".scaling.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            Table old = Files.exists(json) ? mapper.readValue(json.toFile(), Table.class) : new Table(List.of(), List.of());
            Set<String> measured = new HashSet<>();
            o.models().forEach(d -> measured.add(d.name()));
            List<ModelRow> model = new ArrayList<>();
            old.model().stream().filter(r -> !measured.contains(r.design())).forEach(model::add);
            model.addAll(fresh.model());
            List<ScenarioRow> scenarios = fresh.scenarios().isEmpty() ? old.scenarios() : fresh.scenarios();
            Table table = new Table(model, scenarios);
            mapper.writeValue(json.toFile(), table);
            Files.writeString(o.out().resolve("scaling.md"), markdown(table, o), StandardCharsets.UTF_8);
            return table;
        }
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
        String mode = cluster == null ? ONE_JVM : "server + " + cluster.localWorkers() + " workers";
        double before = LoadAverage.oneMinute();
        try {
            TlcResult r = new TlcRunner(ro).run(check);
            return new ModelRow(check.design().name(), check.property().tlaName(), check.cameras(), mode,
                    r.verdict().word(), r.distinctStates(), Math.round(r.seconds() * 10) / 10.0, false,
                    before, LoadAverage.oneMinute());
        } catch (TlcTimeoutException e) {
            return new ModelRow(check.design().name(), check.property().tlaName(), check.cameras(), mode,
                    "over budget", null, o.budget().toSeconds(), true, before, LoadAverage.oneMinute());
        }
    }

    private static void print(ModelRow r) {
        System.out.printf("scaling: %-22s %-20s N=%d  %-20s %-11s %12s states  %7.1f s  load %.1f -> %.1f%n",
                r.design(), r.property(), r.cameras(), r.mode(), r.verdict(),
                r.distinctStates() == null ? "-" : r.distinctStates(), r.seconds(), r.loadBefore(), r.loadAfter());
    }

    static String markdown(Table t, Options o) {
        StringBuilder s = new StringBuilder("# Scaling on this machine\n\n");
        s.append(String.format("TLC, one check per row (%d cores). Per model configuration: the first safety property"
                + " the verdict table expects to hold (TLC then explores every reachable state, so its count is the"
                + " model's state space) and EventuallyReturns where the configuration has it (liveness: one JVM"
                + " only, TLC's distributed mode cannot check it). `> S` is a check stopped at its budget of S"
                + " seconds; load is the one-minute load average when the check started and ended.%n%n",
                Runtime.getRuntime().availableProcessors()));
        s.append("| model | property | N | mode | verdict | distinct states | seconds | load before -> after |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (ModelRow r : t.model()) {
            s.append(String.format("| %s | %s | %d | %s | %s | %s | %s | %.1f -> %.1f |%n", r.design(), r.property(),
                    r.cameras(), r.mode(), r.verdict(), r.distinctStates() == null ? "-" : r.distinctStates(),
                    r.timedOut() ? "> " + (long) r.seconds() : r.seconds(), r.loadBefore(), r.loadAfter()));
        }
        s.append("\nLargest N checked within the budget, one JVM:\n\n| model | property | largest N | next N |\n"
                + "|---|---|---|---|\n");
        Map<String, int[]> reach = new LinkedHashMap<>();
        for (ModelRow r : t.model()) {
            if (r.mode().equals(ONE_JVM)) {
                int[] v = reach.computeIfAbsent(r.design() + " | " + r.property(), k -> new int[] {0, 0});
                if (r.timedOut()) {
                    v[1] = v[1] == 0 ? r.cameras() : Math.min(v[1], r.cameras());
                } else {
                    v[0] = Math.max(v[0], r.cameras());
                }
            }
        }
        reach.forEach((k, v) -> s.append(String.format("| %s | %s | %s |%n", k, v[0] == 0 ? "-" : v[0],
                v[1] == 0 ? "not tried" : "N=" + v[1] + " over budget")));
        s.append(String.format("%nScenarios: `cameras=K stop-all` at scale %s, the sizes and designs interleaved in"
                + " rounds; wall seconds: the median of the runs in which every call returned, then every run"
                + " (`hung`: the watchdog ended it with calls still pending past its allowance; `slow-reap`: every call"
                + " returned, but a SIGKILLed worker was still unreaped a second later and the engine killed it"
                + " again, its time including that second), and the load as each run"
                + " started.%n%n", o.scale()));
        s.append("| design | cameras | median s (returned runs) | hung runs | runs | load at each run |\n"
                + "|---|---|---|---|---|---|\n");
        for (ScenarioRow r : t.scenarios()) {
            List<String> runs = new ArrayList<>();
            List<Double> returned = new ArrayList<>();
            for (int i = 0; i < r.seconds().size(); i++) {
                String outcome = i < r.outcomes().size() ? r.outcomes().get(i) : ScenarioRow.RETURNED;
                boolean hung = outcome.equals(ScenarioRow.HUNG);
                runs.add(r.seconds().get(i) + (outcome.equals(ScenarioRow.RETURNED) ? "" : " " + outcome));
                if (!hung) {
                    returned.add(r.seconds().get(i));
                }
            }
            s.append(String.format("| %s | %d | %s | %d of %d | %s | %s |%n", r.design(), r.cameras(),
                    returned.isEmpty() ? "-" : String.format("%.2f", median(returned)), r.hung(), r.seconds().size(),
                    String.join(", ", runs), r.loads()));
        }
        return s.toString();
    }
}
