package org.ipcsync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.catalog.DesignEntry;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.SpecCatalogue;
import org.junit.jupiter.api.Test;

class VerifyPlanTest {
    private static VerifyRun.Options options(Integer tries, Campaign.Shard shard) {
        VerifyRun.Options d = VerifyRun.Options.defaults();
        return new VerifyRun.Options(Path.of("reports"), tries, d.scale(), d.seed(), 0, List.of(), shard, List.of());
    }

    @Test
    void everyImplementedDesignGetsItsCampaignAsPlannedAndEveryCheckRuns() {
        VerifyPlan plan = VerifyPlan.of(options(null, Campaign.Shard.ALL), DesignCatalog.all());
        assertThat(plan.designNames()).containsExactlyElementsOf(DesignCatalog.pipeNames());
        for (VerifyPlan.CampaignRun c : plan.campaigns()) {
            DesignEntry e = DesignCatalog.get(c.design().name());
            assertThat(c.tries()).as(e.name()).isEqualTo(e.campaign().orElseThrow().tries());
            assertThat(c.shrink()).as(e.name()).isEqualTo(e.campaign().orElseThrow().shrink());
        }
        assertThat(plan.checks()).isEqualTo(SpecCatalogue.ciChecks(DesignCatalog.models())).isEqualTo(plan.allChecks());
        assertThat(plan.replays()).extracting(VerifyPlan.Replay::name).containsExactly("stall", "hang");
        assertThat(plan.replays()).allSatisfy(r -> assertThat(r.designs()).containsExactlyElementsOf(DesignCatalog.pipes()));
    }

    @Test
    void aBudgetOverridesEveryPlanAndShardsSplitTheChecksWithoutOverlap() {
        VerifyPlan budget = VerifyPlan.of(options(5, Campaign.Shard.ALL), DesignCatalog.all());
        assertThat(budget.campaigns()).allSatisfy(c -> assertThat(c.tries()).isEqualTo(5));
        List<Check> union = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            VerifyPlan part = VerifyPlan.of(options(null, Campaign.Shard.parse(i + "/3")), DesignCatalog.all());
            assertThat(part.checks()).isNotEmpty().allSatisfy(c -> assertThat(union).doesNotContain(c));
            union.addAll(part.checks());
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(budget.allChecks());
    }
}
