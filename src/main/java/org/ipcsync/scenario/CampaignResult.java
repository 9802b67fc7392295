package org.ipcsync.scenario;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The verdicts of one campaign on one design: every property judged on every scenario tried,
 * and for each violated property the first counterexample and its shrunk form. This is the
 * shape of each entry of {@code target/scenario-results.json} (see {@link ScenarioResults}).
 *
 * @param shard              which part of the campaign's tries ran ({@code i/n}; {@code 1/1} = all)
 * @param tries              scenarios run before shrinking: the generated ones and the fixed
 *                           ingredients ({@link ScenarioGen#ingredients()})
 * @param runs               scenario runs in all, shrinking included (each distinct scenario runs once)
 * @param elapsedMs          wall time of the campaign (of its slowest shard, once merged)
 * @param scenariosPerSecond runs / elapsed seconds
 */
@JsonPropertyOrder({"design", "seed", "scale", "shard", "tries", "runs", "elapsedMs", "scenariosPerSecond",
    "properties"})
public record CampaignResult(String design, long seed, double scale, String shard, int tries, int runs,
                             long elapsedMs, double scenariosPerSecond, List<PropertyResult> properties) {
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
     * @param firstFailureAt  its position among the campaign's drawn scenarios (all shards), -1 if none
     * @param shrunk          the smallest failing scenario shrinking found; null if the budget did
     *                        not ask to shrink this property
     * @param replay          the one-liner that replays {@code shrunk} (else the first failure)
     * @param witnesses       the property's witnesses on the shrunk scenario's run
     * @param shrinkRuns      scenario runs spent shrinking this property
     * @param shrinkTruncated the shrink time budget ran out before shrinking finished
     */
    @JsonPropertyOrder({"property", "verdict", "tries", "failures", "situations", "scopes", "firstFailure",
        "firstFailureAt", "shrunk", "replay", "witnesses", "shrinkRuns", "shrinkTruncated"})
    public record PropertyResult(String property, String verdict, int tries, int failures, int situations,
                                 List<Scope> scopes, String firstFailure, int firstFailureAt, String shrunk,
                                 String replay, List<String> witnesses, int shrinkRuns, boolean shrinkTruncated) {
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
     * The campaign that the shards 1/n..n/n of one design, seed and scale make together: tries,
     * runs, failures and situations (per scope too) add up; each violated property keeps the first failure of the whole
     * draw, with that shard's shrunk scenario and witnesses; the wall time is the slowest shard's.
     */
    public static CampaignResult merge(List<CampaignResult> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        CampaignResult one = shards.get(0);
        int count = Campaign.Shard.parse(one.shard()).count();
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (CampaignResult s : shards) {
            Campaign.Shard shard = Campaign.Shard.parse(s.shard());
            if (!s.design().equals(one.design()) || s.seed() != one.seed() || s.scale() != one.scale()
                    || shard.count() != count || !seen.add(shard.index())) {
                throw new IllegalArgumentException("cannot merge " + s.design() + " seed " + s.seed() + " scale "
                        + s.scale() + " shard " + s.shard() + " with " + one.design() + " seed " + one.seed()
                        + " scale " + one.scale() + " (shards of one campaign, each once)");
            }
        }
        if (seen.size() != count) {
            throw new IllegalArgumentException(one.design() + ": shards " + seen + " of " + count + " given; all are needed");
        }
        int tries = shards.stream().mapToInt(CampaignResult::tries).sum();
        int runs = shards.stream().mapToInt(CampaignResult::runs).sum();
        long elapsed = shards.stream().mapToLong(CampaignResult::elapsedMs).max().orElse(0);
        List<PropertyResult> merged = new java.util.ArrayList<>();
        for (PropertyResult p : one.properties()) {
            List<PropertyResult> cells = shards.stream().map(s -> s.property(p.property())).toList();
            int failures = cells.stream().mapToInt(PropertyResult::failures).sum();
            int shrinkRuns = cells.stream().mapToInt(PropertyResult::shrinkRuns).sum();
            int situations = cells.stream().mapToInt(PropertyResult::situations).sum();
            List<Scope> scopes = mergeScopes(cells);
            PropertyResult first = cells.stream().filter(PropertyResult::violated)
                    .min(java.util.Comparator.comparingInt(PropertyResult::firstFailureAt)).orElse(null);
            merged.add(first == null
                    ? new PropertyResult(p.property(), PropertyResult.verdictOf(0, situations), tries, 0, situations,
                            scopes, null, -1, null, null, List.of(), shrinkRuns, false)
                    : new PropertyResult(p.property(), PropertyResult.VIOLATED, tries, failures, situations, scopes,
                            first.firstFailure(), first.firstFailureAt(), first.shrunk(), first.replay(), first.witnesses(), shrinkRuns,
                            first.shrinkTruncated()));
        }
        double perSecond = elapsed == 0 ? 0 : Math.round(runs * 100_000.0 / elapsed) / 100.0;
        return new CampaignResult(one.design(), one.seed(), one.scale(), Campaign.Shard.ALL.toString(), tries, runs,
                elapsed, perSecond, merged);
    }

    /** Scopes by name, in first-seen order, with their situations and failures added up. */
    private static List<Scope> mergeScopes(List<PropertyResult> cells) {
        java.util.Map<String, int[]> sums = new java.util.LinkedHashMap<>();
        for (PropertyResult c : cells) {
            for (Scope sc : c.scopes()) {
                int[] sum = sums.computeIfAbsent(sc.scope(), k -> new int[2]);
                sum[0] += sc.situations();
                sum[1] += sc.failures();
            }
        }
        List<Scope> out = new java.util.ArrayList<>();
        sums.forEach((name, sum) -> out.add(new Scope(name, PropertyResult.verdictOf(sum[1], sum[0]), sum[0], sum[1])));
        return out;
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
        StringBuilder s = new StringBuilder(String.format(
                "design %s  seed %d  scale %s%s  tries %d  runs %d  %.1f s  %.2f scenarios/s%n", design, seed, scale,
                Campaign.Shard.ALL.toString().equals(shard) ? "" : "  shard " + shard, tries, runs,
                elapsedMs / 1000.0, scenariosPerSecond));
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
