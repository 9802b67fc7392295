package org.ipcsync.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one `./kit verify` run established, in the shape of {@code reports/summary.json}.
 * Key names are the documented, stable contract of that file (reports/README.md).
 *
 * @param run        metadata: versions, machine, seeds, step durations
 * @param designs    design name -> its properties' verdicts
 * @param benchmarks benchmark name -> its numbers
 * @param vivid      results of the vivid suite, or null when it did not run
 * @param libcamera  what real libcamera 0.0.3 witnessed (issue 13: {@code version}, {@code properties},
 *                   {@code cam}, {@code lab}, {@code realIpa}), or null when it did not run
 * @param traceValidation spec design label -> trace validation of its recordings (issue 12), or null
 */
public record Summary(Run run, Map<String, DesignResult> designs, Map<String, Object> benchmarks,
                      Map<String, Object> vivid, Map<String, Object> libcamera,
                      Map<String, TraceResult> traceValidation) {

    /** A summary without real-libcamera results. */
    public Summary(Run run, Map<String, DesignResult> designs, Map<String, Object> benchmarks, Map<String, Object> vivid) {
        this(run, designs, benchmarks, vivid, null, null);
    }

    /** A summary without trace validation. */
    public Summary(Run run, Map<String, DesignResult> designs, Map<String, Object> benchmarks, Map<String, Object> vivid,
                   Map<String, Object> libcamera) {
        this(run, designs, benchmarks, vivid, libcamera, null);
    }

    /**
     * Recordings checked against one design's spec with TLC (trace validation).
     *
     * @param checked         recordings validated
     * @param accepted        of those, the ones TLC found to be behaviours of the spec
     * @param mutants         mutated recordings validated (each must be rejected)
     * @param mutantsRejected of those, the ones rejected at the mutated event
     * @param medianMs        median TLC wall time per recording
     * @param p95Ms           95th percentile of the same
     * @param sample          which recordings were checked
     * @param rejected        every rejected real recording: a disagreement between the layers
     */
    public record TraceResult(int checked, int accepted, int mutants, int mutantsRejected, Double medianMs,
                              Double p95Ms, String sample, List<TraceRejection> rejected) {
        public TraceResult {
            rejected = rejected == null ? List.of() : List.copyOf(rejected);
        }
    }

    /** A recording the spec could not follow: where, and how to run it again. */
    public record TraceRejection(String scenario, String replay, int step, int length, String event) {}

    public record Run(String started, double durationSeconds, Map<String, String> versions,
                      Map<String, Object> machine, Map<String, Long> seeds, List<Step> steps, boolean ok,
                      List<String> problems) {}

    public record Step(String name, double seconds, String outcome) {}

    public record DesignResult(Map<String, PropertyResult> properties) {
        public DesignResult {
            properties = new LinkedHashMap<>(properties);
        }
    }

    public record PropertyResult(TlcResult tlc, ScenarioResult scenarios, String agreement) {
        public static PropertyResult of(TlcResult tlc, ScenarioResult scenarios) {
            return new PropertyResult(tlc, scenarios, Agreement.of(tlc.verdict(), scenarios.verdict()));
        }
    }

    /**
     * @param verdict        holds / violated / not-judged
     * @param expected       the checked-in expected verdict, or null
     * @param counterexample path (relative to reports/) of the timeline, or null
     */
    public record TlcResult(String verdict, String expected, Integer cameras, Long states, Integer depth,
                            Double seconds, String counterexample, String note) {
        public static TlcResult notJudged(String why) {
            return new TlcResult(Verdicts.NOT_JUDGED, null, null, null, null, null, null, why);
        }
    }

    /**
     * @param verdict  holds / violated / vacuous (no failure and no situation) / not-judged
     * @param shrunk   the minimal failing scenario as a replayable one-liner, or null
     * @param evidence path (relative to reports/) of the recorded timeline, or null
     */
    public record ScenarioResult(String verdict, Integer tries, Integer failures, Long seed, String shrunk,
                                 String evidence, String note) {
        public static ScenarioResult notJudged(String why) {
            return new ScenarioResult(Verdicts.NOT_JUDGED, null, null, null, null, null, why);
        }
    }
}
