package org.ipcsync.scenario;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The verdicts of one campaign on one design: every property judged on every scenario tried,
 * and for each violated property the first counterexample and its shrunk form. This is the
 * shape of each entry of {@code target/scenario-results.json} (see {@link ScenarioResults}).
 *
 * @param tries              scenarios run before shrinking: the generated ones and the fixed
 *                           ingredients ({@link ScenarioGen#ingredients()})
 * @param runs               scenario runs in all, shrinking included (each distinct scenario runs once)
 * @param elapsedMs          wall time of the campaign
 * @param scenariosPerSecond runs / elapsed seconds
 */
@JsonPropertyOrder({"design", "seed", "scale", "tries", "runs", "elapsedMs", "scenariosPerSecond", "properties"})
public record CampaignResult(String design, long seed, double scale, int tries, int runs, long elapsedMs,
                             double scenariosPerSecond, List<PropertyResult> properties) {
    public CampaignResult {
        properties = List.copyOf(properties);
    }

    public PropertyResult property(String name) {
        return properties.stream().filter(p -> p.property().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no verdict for " + name));
    }

    /**
     * One (design, property) cell.
     *
     * @param verdict         "holds" (no failure in {@code tries}) or "violated"
     * @param failures        how many of the tried scenarios violated it
     * @param firstFailure    the first failing scenario's text, null if none
     * @param shrunk          the smallest failing scenario shrinking found; null if the budget did
     *                        not ask to shrink this property
     * @param replay          the one-liner that replays {@code shrunk} (else the first failure)
     * @param witnesses       the property's witnesses on the shrunk scenario's run
     * @param shrinkRuns      scenario runs spent shrinking this property
     * @param shrinkTruncated the shrink time budget ran out before shrinking finished
     */
    @JsonPropertyOrder({"property", "verdict", "tries", "failures", "situations", "scopes", "firstFailure", "shrunk",
        "replay", "witnesses", "shrinkRuns", "shrinkTruncated"})
    public record PropertyResult(String property, String verdict, int tries, int failures, int situations,
                                 List<Scope> scopes, String firstFailure, String shrunk, String replay,
                                 List<String> witnesses, int shrinkRuns, boolean shrinkTruncated) {
        public static final String HOLDS = "holds";
        public static final String VIOLATED = "violated";
        /** No failure, but the situation the property is about never occurred: no evidence either way. */
        public static final String VACUOUS = "vacuous";

        public PropertyResult {
            witnesses = List.copyOf(witnesses);
            scopes = List.copyOf(scopes);
        }

        public boolean violated() {
            return failures > 0;
        }

        public boolean vacuous() {
            return failures == 0 && situations == 0;
        }

        /** The verdict word for {@code failures} and {@code situations}. */
        public static String verdictOf(int failures, int situations) {
            return failures > 0 ? VIOLATED : situations == 0 ? VACUOUS : HOLDS;
        }
    }

    /**
     * One scope of a property over the campaign (the proxy's first call against later calls).
     *
     * @param situations summed over every try
     * @param failures   tries with a violation in this scope
     */
    @JsonPropertyOrder({"scope", "verdict", "situations", "failures"})
    public record Scope(String scope, String verdict, int situations, int failures) {}

    /** The verdict table as text: one line per property. */
    public String table() {
        StringBuilder s = new StringBuilder(String.format("design %s  seed %d  scale %s  tries %d  runs %d  %.1f s  %.2f scenarios/s%n",
                design, seed, scale, tries, runs, elapsedMs / 1000.0, scenariosPerSecond));
        for (PropertyResult p : properties) {
            StringBuilder scopes = new StringBuilder();
            p.scopes().forEach(sc -> scopes.append(String.format("  [%s: %s %d/%d, %d situations]", sc.scope(),
                    sc.verdict(), sc.failures(), p.tries(), sc.situations())));
            s.append(String.format("  %-22s %-9s %3d/%d  %5d situations%s%s%n", p.property(), p.verdict(), p.failures(),
                    p.tries(), p.situations(), scopes,
                    p.failures() == 0 ? "" : (p.shrunk() == null ? "   first: " : "   shrunk: ") + p.replay()));
        }
        return s.toString();
    }
}
