package org.ipcsync.scenario;

import org.ipcsync.pipe.PipeDesign;

/**
 * How to run a scenario: the design under test (its pipe, as the design catalog passes it in),
 * the seed (device jitter, IPA randomness), the time scale applied to every IPA latency, device
 * frame period, pipe timeout and property bound, and where IPA workers and devices come from.
 * Immutable.
 */
public record RunConfig(PipeDesign design, long seed, double scale, PipeFactory pipes, DeviceFactory devices) {
    public RunConfig {
        new Bounds(scale); // validates the scale
    }

    /** The kit's sim-ipa workers behind the design's pipes, on mock devices. */
    public static RunConfig of(PipeDesign design, long seed, double scale) {
        return new RunConfig(design, seed, scale, IsolatedIpa.FACTORY, DeviceFactory.MOCK);
    }

    public Bounds bounds() {
        return new Bounds(scale);
    }

    /** The replayable command line for {@code scenario} under this configuration. */
    public String replayLine(Scenario scenario) {
        return replayLine(design.name(), seed, scale, scenario);
    }

    /** The replayable command line for {@code scenario} on the named design. */
    public static String replayLine(String design, long seed, double scale, Scenario scenario) {
        return "./kit simulate --design " + design + " --seed " + seed + " --scale " + scale
                + " --scenario '" + scenario.format() + "'";
    }
}
