package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.ipcsync.report.JUnitXml;
import org.ipcsync.report.Summary;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;

/**
 * The trace-validation step of {@code ./kit verify}: every sampled recording of each design
 * with a trace spec is validated, then the mutants of one of them. A rejected recording, an
 * accepted mutant, or a mutant rejected at another step than the mutated event is a problem
 * (verify then exits non-zero). Runs {@code parallel} TLC JVMs at a time (each trace is one
 * single-threaded TLC run, so two fill the two cores verify has once the campaigns are done).
 * One instance per verify run, used from one thread.
 */
public final class TraceValidationRun {
    /** JUnit suite of the traces and mutants: {@code reports/junit/TEST-ipcsync.traces.xml}. */
    public static final String SUITE = "ipcsync.traces";

    private final TraceValidator validator;
    private final Consumer<String> progress;
    private final int parallel;
    private final List<String> problems = new ArrayList<>();
    private final List<JUnitXml.Case> cases = new ArrayList<>();

    public TraceValidationRun(TraceValidator validator, Consumer<String> progress, int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.validator = validator;
        this.progress = progress;
        this.parallel = parallel;
    }

    /** One validation: the verdict, or why the trace could not be checked. */
    private record Outcome(TraceVerdict verdict, RuntimeException error) {}

    /** One design to validate: its name (that of its recordings) and its catalog entry's mapping. */
    public record Target(String design, EventMapping mapping) {}

    /** Validations started before {@link #run} by {@link #startEarly}, by recording (identity). */
    private final Map<Recording, Future<Outcome>> early = new java.util.IdentityHashMap<>();
    /** Mutant validations started early, by design, with the recording they mutate. */
    private final Map<String, Map.Entry<Recording, List<Future<Outcome>>>> earlyMutants = new LinkedHashMap<>();
    private ExecutorService pool;

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(parallel, r -> {
                Thread t = new Thread(r, "trace-validation");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Starts validating a recording the sample has just kept, while the run that made it goes on
     * (verify calls it as each campaign run ends): {@link #run} then takes the result instead of
     * checking the recording again. The first recording of a design that supports every mutant
     * also starts that design's mutants, as {@link #run} would pick the same one.
     */
    public synchronized void startEarly(Target target, Recording r, int indexInSample) {
        String pipe = target.design();
        EventMapping mapping = target.mapping();
        // Run directories say which checks started early: <design>-early-<place in the sample>.
        String name = pipe + "-early-" + indexInSample;
        early.put(r, validate(mapping, r, name));
        if (!earlyMutants.containsKey(pipe) && RecordingMutants.of(r).size() == 5) {
            earlyMutants.put(pipe, Map.entry(r, mutants(target, r, pipe + "-early-mutant-")));
        }
    }

    private Future<Outcome> validate(EventMapping mapping, Recording r, String name) {
        return pool().submit(() -> attempt(() -> validator.validate(mapping, r, name)));
    }

    private List<Future<Outcome>> mutants(Target target, Recording base, String namePrefix) {
        List<Future<Outcome>> ms = new ArrayList<>();
        int k = 0;
        for (RecordingMutants.Mutant m : RecordingMutants.of(base)) {
            String name = namePrefix + (++k);
            ms.add(pool().submit(() -> attempt(() -> validator.validate(target.mapping().map(m.recording()), name))));
        }
        return ms;
    }

    /** The per-design results, keyed by the design's name. */
    public Map<String, Summary.TraceResult> run(TraceSample sample, List<Target> targets) {
        try {
            Map<String, List<Future<Outcome>>> traces = new LinkedHashMap<>();
            Map<String, List<Future<Outcome>>> mutantRuns = new LinkedHashMap<>();
            Map<String, Recording> bases = new LinkedHashMap<>();
            synchronized (this) {
                for (Target target : targets) {
                    String pipe = target.design();
                    EventMapping mapping = target.mapping();
                    List<Future<Outcome>> fs = new ArrayList<>();
                    int n = 0;
                    for (Recording r : sample.of(pipe)) {
                        String name = pipe + "-" + (++n);
                        Future<Outcome> started = early.remove(r);
                        fs.add(started != null ? started : validate(mapping, r, name));
                    }
                    traces.put(pipe, fs);
                    Recording base = sample.of(pipe).stream().filter(r -> RecordingMutants.of(r).size() == 5).findFirst()
                            .orElse(null);
                    if (base != null) {
                        bases.put(pipe, base);
                        Map.Entry<Recording, List<Future<Outcome>>> started = earlyMutants.get(pipe);
                        mutantRuns.put(pipe, started != null && started.getKey() == base ? started.getValue()
                                : mutants(target, base, pipe + "-mutant-"));
                    } else {
                        mutantRuns.put(pipe, List.of());
                    }
                }
            }
            Map<String, Summary.TraceResult> out = new LinkedHashMap<>();
            for (Target target : targets) {
                String d = target.design();
                out.put(d, collect(target, sample, traces.get(d), bases.get(d), mutantRuns.get(d)));
            }
            return out;
        } finally {
            pool().shutdownNow();
        }
    }

    private Summary.TraceResult collect(Target target, TraceSample sample, List<Future<Outcome>> traces, Recording base,
                                        List<Future<Outcome>> mutantRuns) {
        String design = target.design();
        List<Recording> recordings = sample.of(design);
        String className = SUITE + "." + design;
        List<Double> millis = new ArrayList<>();
        List<Summary.TraceRejection> rejected = new ArrayList<>();
        int accepted = 0;
        for (int k = 0; k < recordings.size(); k++) {
            Recording r = recordings.get(k);
            Outcome o = await(traces.get(k));
            String replay = replay(r);
            String caseName = "trace " + r.scenario() + " (" + r.design() + ", seed " + r.seed() + ", scale " + r.scale() + ")";
            if (o.error() != null) {
                // A trace the mapping cannot state (or TLC cannot check) is not a pass either.
                String why = "not checked: " + o.error().getMessage();
                problems.add("trace validation " + design + ": could not check " + replay + ": " + o.error().getMessage());
                rejected.add(new Summary.TraceRejection(r.scenario(), replay, -1, -1, why));
                cases.add(new JUnitXml.Case(className, caseName, 0, why, "replay: " + replay, null));
                progress.accept(String.format("%s %d/%d %s: NOT CHECKED (%s)", design, k + 1, recordings.size(),
                        r.scenario(), o.error().getMessage()));
                continue;
            }
            TraceVerdict v = o.verdict();
            millis.add(v.seconds() * 1000);
            if (v.accepted()) {
                accepted++;
                cases.add(JUnitXml.Case.passed(className, caseName, v.seconds(), v.describe()));
            } else {
                // Inconclusive (TLC's budget ran out) is not a disagreement, but not a pass either.
                problems.add("trace validation " + design + ": " + replay + " " + v.describe());
                rejected.add(new Summary.TraceRejection(r.scenario(), replay, v.inconclusive() ? -1 : v.step(), v.length(),
                        v.inconclusive() ? v.describe() : v.event() == null ? null : v.event().describe()));
                cases.add(new JUnitXml.Case(className, caseName, v.seconds(), v.describe(), "replay: " + replay, null));
            }
            progress.accept(String.format("%s %d/%d %s: %s (%.1f s)", design, k + 1, recordings.size(),
                    r.scenario(), v.inconclusive() ? "INCONCLUSIVE" : v.accepted() ? "accepted"
                    : "REJECTED at step " + v.step(), v.seconds()));
        }
        int mutants = 0;
        int mutantsRejected = 0;
        if (base == null) {
            problems.add("trace validation " + design + ": no sampled recording supports every mutant");
            cases.add(new JUnitXml.Case(className, "mutants", 0, "no sampled recording supports every mutant", null, null));
        } else {
            List<RecordingMutants.Mutant> ms = RecordingMutants.of(base);
            for (int k = 0; k < ms.size(); k++) {
                RecordingMutants.Mutant m = ms.get(k);
                mutants++;
                Outcome o = await(mutantRuns.get(k));
                String caseName = "mutant " + m.name() + " of " + base.scenario();
                if (o.error() != null) {
                    problems.add("trace validation " + design + ": mutant '" + m.name() + "' not checked: "
                            + o.error().getMessage());
                    cases.add(new JUnitXml.Case(className, caseName, 0, "not checked: " + o.error().getMessage(), null, null));
                    continue;
                }
                TraceVerdict v = o.verdict();
                SpecTrace original = target.mapping().map(base);
                SpecTrace mutated = target.mapping().map(m.recording());
                String expected = m.expectedSteps(original, mutated);
                if (!v.accepted() && !v.inconclusive() && m.atTheChange(original, mutated, v.step())) {
                    mutantsRejected++;
                    cases.add(JUnitXml.Case.passed(className, caseName, v.seconds(), v.describe()));
                } else {
                    String why = v.accepted() ? "the mutant was accepted" : v.describe() + " (expected " + expected + ")";
                    problems.add("trace validation " + design + ": mutant '" + m.name() + "' of " + replay(base) + " " + why);
                    cases.add(new JUnitXml.Case(className, caseName, v.seconds(), why, "replay: " + replay(base), null));
                }
            }
            progress.accept(String.format("%s mutants of '%s': %d/%d rejected at the mutated event",
                    design, base.scenario(), mutantsRejected, mutants));
        }
        return new Summary.TraceResult(recordings.size(), accepted, mutants, mutantsRejected,
                percentile(millis, 50), percentile(millis, 95), sample.describe(), rejected);
    }

    private static Outcome attempt(java.util.function.Supplier<TraceVerdict> check) {
        try {
            return new Outcome(check.get(), null);
        } catch (RuntimeException e) {
            return new Outcome(null, e);
        }
    }

    private static Outcome await(Future<Outcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating traces", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("trace validation failed", e.getCause());
        }
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** One JUnit case per validated trace and per mutant, failed when it is a problem. */
    public List<JUnitXml.Case> cases() {
        return List.copyOf(cases);
    }

    static String replay(Recording r) {
        return RunConfig.replayLine(r.design(), r.seed(), r.scale(), Scenario.parse(r.scenario()));
    }

    /** Nearest-rank percentile, null for no values. */
    static Double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
    }
}
