package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The campaign's QuickTheories plumbing on a stand-in trial that needs no processes: a property
 * that fails exactly for "stop-all with a slow stop on a camera other than the first". Every
 * stand-in property meets its situation once per stop-all, except NoEarlyTimeout, which meets
 * it only in a scenario with a hold (none is generated).
 */
class CampaignMachineryTest {
    private static boolean nestedStory(Scenario s) {
        boolean stopAll = s.actions().stream().anyMatch(a -> a instanceof Action.StopAll);
        boolean slowLater = false;
        for (int c = 1; c < s.cameras(); c++) {
            slowLater |= s.profile(c).script(IpaCommand.STOP).latency().millis(0, null) > 0;
        }
        return stopAll && slowLater;
    }

    private static final Function<Scenario, Map<String, Verdict>> STAND_IN = s -> {
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (String name : Properties.names()) {
            boolean fails = name.equals("NoNestedDispatch") && nestedStory(s);
            boolean stopAll = s.actions().stream().anyMatch(a -> a instanceof Action.StopAll);
            int situations = name.equals("NoEarlyTimeout") ? s.holds().size() : stopAll ? 1 : 0;
            out.put(name, Verdict.of(name, fails ? List.of("stand-in witness for " + s.format()) : List.of(),
                    situations));
        }
        return out;
    };

    @Test
    void findsCountsAndShrinksACounterexampleToItsEssentials() {
        Set<String> ran = new HashSet<>();
        CampaignResult r = Campaign.run("stand-in", Campaign.Budget.of(150, 0.2), 11, ScenarioGen.scenarios(), List.of(),
                s -> {
            assertThat(ran.add(s.format())).as("each distinct scenario runs once").isTrue();
            return STAND_IN.apply(s);
        });
        CampaignResult.PropertyResult p = r.property("NoNestedDispatch");
        assertThat(p.violated()).isTrue();
        assertThat(p.failures()).isPositive().isLessThan(150);
        Scenario shrunk = Scenario.parse(p.shrunk());
        assertThat(nestedStory(shrunk)).as("the shrunk scenario still fails: " + p.shrunk()).isTrue();
        System.out.println(r.table());
        assertThat(shrunk.cameras()).isEqualTo(2);
        assertThat(shrunk.actions()).containsExactly(new Action.StopAll());
        assertThat(shrunk.profiles()).containsOnlyKeys(1);
        assertThat(p.replay()).contains("--design stand-in --seed 11 --scale 0.2").contains(p.shrunk());
        assertThat(p.witnesses()).singleElement().asString().contains(p.shrunk());
        assertThat(r.property("BoundedReturn").verdict()).isEqualTo("holds");
        assertThat(r.property("BoundedReturn").situations()).isPositive();
        assertThat(r.runs()).isEqualTo(ran.size());
    }

    @Test
    void aHoldWithoutASituationIsVacuousAndFixedScenariosCount() {
        CampaignResult none = Campaign.run("stand-in", Campaign.Budget.of(20, 0.2), 3, ScenarioGen.scenarios(), List.of(),
                STAND_IN);
        assertThat(none.property("NoEarlyTimeout").verdict()).isEqualTo("vacuous");
        assertThat(none.property("NoEarlyTimeout").situations()).isZero();
        Scenario held = Scenario.parse("cameras=1 ipa0=stop=latency:1100 hold=stop@1:500");
        CampaignResult some = Campaign.run("stand-in", Campaign.Budget.of(20, 0.2), 3, ScenarioGen.scenarios(),
                List.of(held), STAND_IN);
        assertThat(some.tries()).isEqualTo(21);
        assertThat(some.property("NoEarlyTimeout").verdict()).isEqualTo("holds");
        assertThat(some.property("NoEarlyTimeout").situations()).isEqualTo(1);
        System.out.println(some.table());
    }

    @Test
    void theSameSeedFindsTheSameCounterexample() {
        CampaignResult a = Campaign.run("stand-in", Campaign.Budget.of(60, 0.2), 5, ScenarioGen.scenarios(), List.of(), STAND_IN);
        CampaignResult b = Campaign.run("stand-in", Campaign.Budget.of(60, 0.2), 5, ScenarioGen.scenarios(), List.of(), STAND_IN);
        assertThat(b.property("NoNestedDispatch")).isEqualTo(a.property("NoNestedDispatch"));
    }

    @Test
    void theResultsFileKeepsOneEntryPerDesign(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scenario-results.json");
        CampaignResult first = Campaign.run("stand-in", Campaign.Budget.of(20, 0.2), 3, ScenarioGen.scenarios(), List.of(),
                STAND_IN);
        ScenarioResults.record(file, first);
        ScenarioResults.record(file, first);
        ScenarioResults.record(file, new CampaignResult("other", 1, 1.0, "1/1", 0, 0, 0, 0, List.of()));
        String json = Files.readString(file);
        assertThat(json).contains("\"schema\" : \"" + ScenarioResults.SCHEMA + "\"");
        assertThat(json.split("\"design\" : \"stand-in\"", -1)).hasSize(2);
        assertThat(ScenarioResults.read(file, "stand-in")).isEqualTo(first);
    }

    @Test
    void twoShardsMergedGiveTheUnshardedVerdictsCountsAndCounterexample() {
        Campaign.Budget budget = Campaign.Budget.of(80, 0.2);
        CampaignResult whole = Campaign.run("stand-in", budget, 11, ScenarioGen.scenarios(), ScenarioGen.ingredients(),
                STAND_IN);
        Set<String> ranByShards = new HashSet<>();
        List<CampaignResult> shards = List.of(1, 2).stream().map(i -> Campaign.run("stand-in",
                budget.sharded(new Campaign.Shard(i, 2)), 11, ScenarioGen.scenarios(), ScenarioGen.ingredients(), s -> {
                    ranByShards.add(s.format());
                    return STAND_IN.apply(s);
                })).toList();
        CampaignResult merged = CampaignResult.merge(shards);
        assertThat(shards).allSatisfy(s -> assertThat(s.tries()).isBetween(whole.tries() / 2 - 1, whole.tries() / 2 + 1));
        assertThat(merged.tries()).isEqualTo(whole.tries());
        for (CampaignResult.PropertyResult p : whole.properties()) {
            CampaignResult.PropertyResult m = merged.property(p.property());
            assertThat(m.verdict()).as(p.property()).isEqualTo(p.verdict());
            assertThat(m.failures()).as(p.property()).isEqualTo(p.failures());
            assertThat(m.firstFailure()).as(p.property()).isEqualTo(p.firstFailure());
            assertThat(m.shrunk()).as(p.property()).isEqualTo(p.shrunk());
            assertThat(m.situations()).as(p.property()).isEqualTo(p.situations());
        }
        assertThat(whole.property("NoNestedDispatch").failures()).as("the stand-in property fails somewhere").isPositive();
        assertThat(merged.shard()).isEqualTo("1/1");
    }

    @Test
    void mergingRefusesAMissingOrForeignShard() {
        Campaign.Budget budget = Campaign.Budget.of(10, 0.2);
        CampaignResult first = Campaign.run("stand-in", budget.sharded(new Campaign.Shard(1, 2)), 3,
                ScenarioGen.scenarios(), List.of(), STAND_IN);
        CampaignResult otherSeed = Campaign.run("stand-in", budget.sharded(new Campaign.Shard(2, 2)), 4,
                ScenarioGen.scenarios(), List.of(), STAND_IN);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignResult.merge(List.of(first)))
                .hasMessageContaining("all are needed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CampaignResult.merge(List.of(first, otherSeed)))
                .hasMessageContaining("cannot merge");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Campaign.Shard.parse("3/2"))
                .hasMessageContaining("1 <= i <= n");
    }
}
