package org.ipcsync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.SpecCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shard files round-trip, and n shards merge into one run's verdicts, or are refused with the reason. */
class ShardResultsTest {
    private static final ExpectedVerdicts TABLE = ExpectedVerdicts.load();

    private static ShardResults shard(int index, int count, long seed) {
        Campaign.Shard s = new Campaign.Shard(index, count);
        List<ModelVerdict> model = new ArrayList<>();
        List<Check> checks = SpecCatalogue.ciChecks(DesignCatalog.models());
        for (int i = 0; i < checks.size(); i++) {
            if (s.owns(i)) {
                Check c = checks.get(i);
                model.add(ModelVerdict.expected(TABLE.lookup(c).orElseThrow(), c));
            }
        }
        CampaignResult campaign = new CampaignResult("nested", seed, 0.2, s.toString(), 5, 5, 1000 * index, 5.0,
                List.of(new CampaignResult.PropertyResult("NoNestedDispatch", index == 2 ? "violated" : "holds", 5,
                        index == 2 ? 1 : 0, 3, List.of(new CampaignResult.Scope("first call", "holds", 3, 0)), index == 2 ? "cameras=2 stop-all" : null, index == 2 ? 3 : -1,
                        null, index == 2 ? "./kit simulate ..." : null, List.of(), 0, false)));
        return new ShardResults(s.toString(), seed, model, List.of(campaign), List.of());
    }

    @Test
    void twoShardsWrittenAndReadBackMergeIntoEveryCheckAndOneCampaign(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        shard(1, 2, 9).write(a);
        shard(2, 2, 9).write(b);
        Files.createDirectories(b.resolve("tlc"));
        Files.writeString(b.resolve("tlc").resolve("x.html"), "<p>timeline</p>");
        assertThat(ShardResults.read(a)).isEqualTo(shard(1, 2, 9));

        ShardResults.Merged m = ShardResults.merge(List.of(a, b), SpecCatalogue.ciChecks(DesignCatalog.models()), dir.resolve("out"));
        assertThat(m.model()).extracting(v -> v.check().id())
                .containsExactlyElementsOf(SpecCatalogue.ciChecks(DesignCatalog.models()).stream().map(Check::id).toList());
        CampaignResult nested = m.campaigns().get("nested");
        assertThat(nested.tries()).isEqualTo(10);
        assertThat(nested.property("NoNestedDispatch").failures()).isEqualTo(1);
        assertThat(nested.property("NoNestedDispatch").firstFailure()).isEqualTo("cameras=2 stop-all");
        assertThat(nested.property("NoNestedDispatch").situations()).isEqualTo(6);
        assertThat(nested.property("NoNestedDispatch").scopes()).singleElement()
                .isEqualTo(new CampaignResult.Scope("first call", "holds", 6, 0));
        assertThat(dir.resolve("out").resolve("tlc").resolve("x.html")).exists();
    }

    @Test
    void aMissingShardADifferentSeedOrADirectoryWithoutResultsIsRefused(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        shard(1, 2, 9).write(a);
        shard(2, 2, 10).write(b);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> ShardResults.merge(List.of(a), SpecCatalogue.ciChecks(DesignCatalog.models()), out))
                .hasMessageContaining("2 needed");
        assertThatThrownBy(() -> ShardResults.merge(List.of(a, b), SpecCatalogue.ciChecks(DesignCatalog.models()), out))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> ShardResults.merge(List.of(a, a), SpecCatalogue.ciChecks(DesignCatalog.models()), out))
                .hasMessageContaining("does not fit");
        assertThatThrownBy(() -> ShardResults.read(dir.resolve("empty")))
                .hasMessageContaining("no shard.json");
    }
}
