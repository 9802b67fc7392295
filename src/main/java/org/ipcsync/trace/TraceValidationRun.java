package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.ipcsync.report.Summary;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;

/**
 * The trace-validation step of {@code ./kit verify}: every sampled recording of each design
 * with a trace spec is validated, then the mutants of one of them. A rejected recording, an
 * accepted mutant, or a mutant rejected at another step than the mutated event is a problem
 * (verify then exits non-zero). One TLC JVM at a time.
 */
public final class TraceValidationRun {
    private final TraceValidator validator;
    private final Consumer<String> progress;
    private final List<String> problems = new ArrayList<>();

    public TraceValidationRun(TraceValidator validator, Consumer<String> progress) {
        this.validator = validator;
        this.progress = progress;
    }

    /** One design to validate: its name (that of its recordings) and its catalog entry's mapping. */
    public record Target(String design, EventMapping mapping) {}

    /** The per-design results, keyed by the design's name. */
    public Map<String, Summary.TraceResult> run(TraceSample sample, List<Target> targets) {
        Map<String, Summary.TraceResult> out = new LinkedHashMap<>();
        for (Target target : targets) {
            String design = target.design();
            List<Recording> recordings = sample.of(design);
            List<Double> millis = new ArrayList<>();
            List<Summary.TraceRejection> rejected = new ArrayList<>();
            int accepted = 0;
            int n = 0;
            for (Recording r : recordings) {
                n++;
                TraceVerdict v;
                try {
                    v = validator.validate(target.mapping(), r, design + "-" + n);
                } catch (RuntimeException e) {
                    // A trace the mapping cannot state (or TLC cannot check) is not a pass either.
                    String replay = replay(r);
                    problems.add("trace validation " + design + ": could not check " + replay + ": " + e.getMessage());
                    rejected.add(new Summary.TraceRejection(r.scenario(), replay, -1, -1, "not checked: " + e.getMessage()));
                    continue;
                }
                millis.add(v.seconds() * 1000);
                if (v.inconclusive()) {
                    // Not a disagreement, not a pass: the model was too big for the budget.
                    String replay = replay(r);
                    problems.add("trace validation " + design + ": " + replay + " " + v.describe());
                    rejected.add(new Summary.TraceRejection(r.scenario(), replay, -1, v.length(), v.describe()));
                } else if (v.accepted()) {
                    accepted++;
                } else {
                    String replay = replay(r);
                    problems.add("trace validation " + design + ": " + replay + " " + v.describe());
                    rejected.add(new Summary.TraceRejection(r.scenario(), replay, v.step(), v.length(),
                            v.event() == null ? null : v.event().describe()));
                }
                progress.accept(String.format("%s %d/%d %s: %s (%.1f s)", design, n, recordings.size(),
                        r.scenario(), v.inconclusive() ? "INCONCLUSIVE" : v.accepted() ? "accepted"
                        : "REJECTED at step " + v.step(), v.seconds()));
            }
            int mutants = 0;
            int mutantsRejected = 0;
            Recording base = recordings.stream().filter(r -> RecordingMutants.of(r).size() == 5).findFirst().orElse(null);
            if (base == null) {
                problems.add("trace validation " + design + ": no sampled recording supports every mutant");
            } else {
                for (RecordingMutants.Mutant m : RecordingMutants.of(base)) {
                    mutants++;
                    SpecTrace trace = target.mapping().map(m.recording());
                    TraceVerdict v = validator.validate(trace, design + "-mutant-" + mutants);
                    int expected = m.expectedStep(trace);
                    if (!v.accepted() && v.step() == expected) {
                        mutantsRejected++;
                    } else {
                        problems.add("trace validation " + design + ": mutant '" + m.name() + "' of "
                                + replay(base) + " " + (v.accepted() ? "was accepted" : v.describe()
                                + " (expected step " + expected + ")"));
                    }
                }
                progress.accept(String.format("%s mutants of '%s': %d/%d rejected at the mutated event",
                        design, base.scenario(), mutantsRejected, mutants));
            }
            out.put(design, new Summary.TraceResult(recordings.size(), accepted, mutants, mutantsRejected,
                    percentile(millis, 50), percentile(millis, 95), sample.describe(), rejected));
        }
        return out;
    }

    public List<String> problems() {
        return List.copyOf(problems);
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
