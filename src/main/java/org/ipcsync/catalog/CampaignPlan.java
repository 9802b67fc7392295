package org.ipcsync.catalog;

import java.util.Set;

/**
 * How {@code ./kit verify} and the campaign tests run a design's property campaign. Immutable.
 *
 * @param tries  generated scenarios per campaign (before shrinking); {@code ./kit verify --budget N}
 *               overrides it for every design
 * @param shrink the properties whose counterexamples are shrunk to a one-liner: those the design
 *               is expected to violate, so the report shows the smallest scenario for each
 */
public record CampaignPlan(int tries, Set<String> shrink) {
    public CampaignPlan {
        if (tries < 1) {
            throw new IllegalArgumentException("a campaign needs at least one try, got " + tries);
        }
        shrink = Set.copyOf(shrink);
    }
}
