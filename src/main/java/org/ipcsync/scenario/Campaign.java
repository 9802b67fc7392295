package org.ipcsync.scenario;

import static org.quicktheories.QuickTheory.qt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

/**
 * A property-based campaign on one design, driven by QuickTheories.
 *
 * <p>Pass 1 runs {@code tries} generated scenarios (fixed seed), then the fixed ingredients
 * ({@link ScenarioGen#ingredients()}: situations every campaign must contain, such as a worker
 * killed mid-call), and judges every property on each recording. Each property's situations are
 * summed over them; a property with no failure and no situation is reported vacuous, not held. Pass 2, for each violated property, runs the same theory again with that property
 * as its predicate: QuickTheories regenerates the same scenarios, stops at the first one that
 * fails and shrinks it; a reporter captures the smallest failing scenario instead of throwing.
 * {@link ScenarioShrinker} then simplifies it further (removing cameras with renumbering, which
 * draw-level shrinking cannot express).
 * Each distinct scenario text runs once per campaign: pass 2 reads pass 1's verdicts and only
 * shrink candidates cost new runs. A run is timing-dependent, so a shrink candidate counts as
 * failing only if its one run failed; the shrunk scenario is always one that was observed to fail.
 *
 * <p>Sharding: with {@link Shard} k of n, pass 1 still draws the same {@code tries} scenarios
 * but runs only those whose index is k-1 modulo n, and pass 2 treats the other shards' scenarios
 * as passing (they are theirs to shrink). {@link CampaignResult#merge} puts n such results back
 * together into the verdicts and counts of the unsharded campaign.
 *
 * <p>Threads: any; one campaign at a time per thread, scenarios run one after another.
 */
public final class Campaign {
    private Campaign() {}

    /**
     * @param tries        scenarios generated in pass 1
     * @param scale        the time scale of every run
     * @param shrinkCycles QuickTheories' shrink cycles per violated property
     * @param shrinkTime   wall time allowed for shrinking each property; once spent, unseen
     *                     candidates are not run (counted as not failing) and the result says so
     * @param shrink       properties to shrink when violated; empty = all
     * @param shard        the part of the tries this campaign runs
     */
    public record Budget(int tries, double scale, int shrinkCycles, Duration shrinkTime, Set<String> shrink,
                         Shard shard) {
        public Budget {
            shrink = Set.copyOf(shrink);
            new Bounds(scale);
        }

        public Budget(int tries, double scale, int shrinkCycles, Duration shrinkTime, Set<String> shrink) {
            this(tries, scale, shrinkCycles, shrinkTime, shrink, Shard.ALL);
        }

        public static Budget of(int tries, double scale) {
            return new Budget(tries, scale, 40, Duration.ofSeconds(30), Set.of());
        }

        public Budget shrinking(Set<String> properties, int cycles, Duration time) {
            return new Budget(tries, scale, cycles, time, properties, shard);
        }

        public Budget sharded(Shard s) {
            return new Budget(tries, scale, shrinkCycles, shrinkTime, shrink, s);
        }
    }

    /**
     * Shard {@code index} of {@code count} (1-based, as CI systems number parallel jobs): the
     * tries whose 0-based position is {@code index - 1} modulo {@code count}.
     */
    public record Shard(int index, int count) {
        public static final Shard ALL = new Shard(1, 1);

        public Shard {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("shard must be i/n with 1 <= i <= n, got " + index + "/" + count);
            }
        }

        /** Parses {@code i/n}. */
        public static Shard parse(String text) {
            String[] parts = text.split("/", -1);
            try {
                if (parts.length == 2) {
                    return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("shard must be i/n (e.g. 1/2), got '" + text + "'");
        }

        public boolean owns(int position) {
            return position % count == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** Runs a campaign on {@code design} with the kit's pipes, sim-ipa workers and mock devices. */
    public static CampaignResult run(PipeDesign design, Budget budget, long seed) {
        RunConfig config = RunConfig.of(design, seed, budget.scale());
        return run(design.name(), budget, seed, ScenarioGen.scenarios(), ScenarioGen.ingredients(),
                scenario -> Properties.judgeAll(ScenarioRunner.run(scenario, config)));
    }

    /**
     * The campaign machinery over any generator, fixed scenarios and trial (a scenario in,
     * verdicts out).
     */
    public static CampaignResult run(String design, Budget budget, long seed, Gen<Scenario> gen,
                                     List<Scenario> fixed, Function<Scenario, Map<String, Verdict>> trial) {
        long started = System.nanoTime();
        Map<String, Map<String, Verdict>> verdicts = new HashMap<>();
        int[] runs = {0};
        Function<Scenario, Map<String, Verdict>> once = s -> verdicts.computeIfAbsent(s.format(), k -> {
            runs[0]++;
            return trial.apply(s);
        });

        List<Scenario> tried = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        int[] drawn = {0};
        qt().withFixedSeed(seed).withExamples(budget.tries()).withShrinkCycles(0)
                .forAll(gen).check(s -> {
                    int position = drawn[0]++;
                    if (budget.shard().owns(position)) {
                        tried.add(s);
                        positions.add(position);
                        once.apply(s);
                    }
                    return true;
                });
        // The fixed ingredients come after the draw and are shared out like it.
        for (Scenario s : fixed) {
            int position = drawn[0]++;
            if (budget.shard().owns(position)) {
                tried.add(s);
                positions.add(position);
                once.apply(s);
            }
        }

        Set<String> violated = new LinkedHashSet<>();
        for (Scenario s : tried) {
            once.apply(s).forEach((name, v) -> {
                if (!v.holds()) {
                    violated.add(name);
                }
            });
        }

        List<CampaignResult.PropertyResult> results = new ArrayList<>();
        for (String name : Properties.names()) {
            int failures = 0;
            int situations = 0;
            Map<String, int[]> scopes = new LinkedHashMap<>();
            Scenario first = null;
            int firstPosition = -1;
            for (int i = 0; i < tried.size(); i++) {
                Scenario s = tried.get(i);
                Verdict v = once.apply(s).get(name);
                situations += v.situations();
                v.scopes().forEach((scope, t) -> {
                    int[] sum = scopes.computeIfAbsent(scope, k -> new int[2]);
                    sum[0] += t.situations();
                    sum[1] += t.violations() > 0 ? 1 : 0;
                });
                if (!v.holds()) {
                    failures++;
                    if (first == null) {
                        first = s;
                        firstPosition = positions.get(i);
                    }
                }
            }
            List<CampaignResult.Scope> scopeResults = new ArrayList<>();
            scopes.forEach((scope, sum) -> scopeResults.add(new CampaignResult.Scope(scope,
                    CampaignResult.PropertyResult.verdictOf(sum[1], sum[0]), sum[0], sum[1])));
            if (failures == 0) {
                results.add(new CampaignResult.PropertyResult(name, CampaignResult.PropertyResult.verdictOf(0, situations),
                        tried.size(), 0, situations, scopeResults, null, -1, null, null, List.of(), 0, false));
                continue;
            }
            Scenario shrunk = null;
            int runsBefore = runs[0];
            boolean[] truncated = {false};
            if (budget.shrink().isEmpty() || budget.shrink().contains(name)) {
                shrunk = first;
                long deadline = System.nanoTime() + budget.shrinkTime().toNanos();
                Smallest smallest = new Smallest();
                // Until the first falsification QuickTheories tests the drawn scenarios in order;
                // another shard's are passed over, so each shard shrinks its own first failure.
                int[] position = {0};
                boolean[] shrinking = {false};
                qt().withFixedSeed(seed).withExamples(budget.tries()).withShrinkCycles(budget.shrinkCycles())
                        .withReporter(smallest).forAll(gen).check(s -> {
                            if (!shrinking[0] && !budget.shard().owns(position[0]++)) {
                                return true;
                            }
                            if (!verdicts.containsKey(s.format()) && System.nanoTime() > deadline) {
                                truncated[0] = true;
                                return true;
                            }
                            boolean holds = once.apply(s).get(name).holds();
                            shrinking[0] |= !holds;
                            return holds;
                        });
                if (smallest.value != null) {
                    shrunk = smallest.value;
                }
                shrunk = shrinkStructurally(shrunk, name, once, verdicts, deadline, truncated);
            }
            Scenario shown = shrunk != null ? shrunk : first;
            results.add(new CampaignResult.PropertyResult(name, CampaignResult.PropertyResult.VIOLATED, tried.size(),
                    failures, situations, scopeResults, first.format(), firstPosition,
                    shrunk == null ? null : shrunk.format(), RunConfig.replayLine(design, seed, budget.scale(), shown),
                    once.apply(shown).get(name).witnesses(), runs[0] - runsBefore, truncated[0]));
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        double perSecond = elapsedMs == 0 ? 0 : runs[0] * 1000.0 / elapsedMs;
        return new CampaignResult(design, seed, budget.scale(), budget.shard().toString(), tried.size(), runs[0],
                elapsedMs, Math.round(perSecond * 100) / 100.0, results);
    }

    /** Greedy: take the first simpler candidate whose run also violates {@code property}, until none does. */
    private static Scenario shrinkStructurally(Scenario start, String property,
                                               Function<Scenario, Map<String, Verdict>> once,
                                               Map<String, Map<String, Verdict>> verdicts, long deadline,
                                               boolean[] truncated) {
        Scenario current = start;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Scenario candidate : ScenarioShrinker.candidates(current)) {
                if (!verdicts.containsKey(candidate.format()) && System.nanoTime() > deadline) {
                    truncated[0] = true;
                    return current;
                }
                if (!once.apply(candidate).get(property).holds()) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** Captures QuickTheories' smallest falsifying value instead of failing the theory. */
    private static final class Smallest implements Reporter {
        Scenario value;

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause, List<Object> others,
                                   AsString<Object> asString) {
            value = (Scenario) smallest;
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> others,
                                   AsString<Object> asString) {
            value = (Scenario) smallest;
        }

        @Override
        public void valuesExhausted(int examplesUsed) {
        }
    }
}
