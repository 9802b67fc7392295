package org.ipcsync.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ipcsync.catalog.DesignEntry;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.SpecCatalogue;

/**
 * What one {@code ./kit verify} run does, decided from its options and the design catalog before
 * anything runs: the TLC checks it owns (all, or its shard's), one property campaign per implemented
 * design, and the scenarios replayed on every implemented design for the report's figures.
 * {@link VerifyRun} carries the plan out. Immutable.
 *
 * @param checks    the CI-sized checks this run owns, in catalogue order
 * @param allChecks every CI-sized check (what a merge of shards holds to the expected table)
 * @param campaigns one per implemented design, in catalog order
 * @param replays   the fixed scenarios drawn as call timelines, per implemented design
 */
public record VerifyPlan(List<Check> checks, List<Check> allChecks, List<CampaignRun> campaigns,
                         List<Replay> replays) {
    /** The scenario that motivated the fix: camera 1's IPA is slow to stop while both stop at once. */
    public static final String STALL_SCENARIO = "cameras=2 ipa1=stop=latency:300 stop-all";
    /** The same with camera 1's stop never answered: the model's hang. */
    public static final String HANG_SCENARIO = "cameras=2 ipa1=stop=hang@1 stop-all";

    /** A design's campaign: its pipe, the tries (its plan's or the run's budget) and what to shrink. */
    public record CampaignRun(PipeDesign design, int tries, Set<String> shrink) {}

    /** A fixed scenario ({@code name}: "stall" or "hang") replayed at scale 1. */
    public record Replay(String name, String scenario, List<PipeDesign> designs) {}

    public VerifyPlan {
        checks = List.copyOf(checks);
        allChecks = List.copyOf(allChecks);
        campaigns = List.copyOf(campaigns);
        replays = List.copyOf(replays);
    }

    /** The plan for {@code options} over the catalog's designs. */
    public static VerifyPlan of(VerifyRun.Options options, List<DesignEntry> catalog) {
        List<Check> all = SpecCatalogue.ciChecks(catalog.stream().map(DesignEntry::model).toList());
        List<Check> mine = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (options.shard().owns(i)) {
                mine.add(all.get(i));
            }
        }
        List<CampaignRun> campaigns = new ArrayList<>();
        List<PipeDesign> pipes = new ArrayList<>();
        for (DesignEntry e : catalog) {
            if (e.pipe().isPresent()) {
                var plan = e.campaign().orElseThrow(() -> new IllegalStateException(e.name() + " has no campaign plan"));
                campaigns.add(new CampaignRun(e.requirePipe(), options.triesFor(plan), plan.shrink()));
                pipes.add(e.requirePipe());
            }
        }
        return new VerifyPlan(mine, all, campaigns, List.of(new Replay("stall", STALL_SCENARIO, pipes),
                new Replay("hang", HANG_SCENARIO, pipes)));
    }

    /** The names of the implemented designs, in catalog order. */
    public List<String> designNames() {
        return campaigns.stream().map(c -> c.design().name()).toList();
    }
}
