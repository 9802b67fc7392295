package org.ipcsync.scenario;

/**
 * How to run a scenario: the design under test, the seed (device jitter, IPA randomness), the
 * time scale applied to every IPA latency, device frame period, pipe timeout and property bound,
 * and where pipes and devices come from. Immutable.
 */
public record RunConfig(String design, long seed, double scale, PipeFactory pipes, DeviceFactory devices) {
    public RunConfig {
        new Bounds(scale); // validates the scale
    }

    /** The kit's sim-ipa workers behind the named design's pipes, on mock devices. */
    public static RunConfig of(String design, long seed, double scale) {
        return new RunConfig(design, seed, scale, IsolatedIpa.FACTORY, DeviceFactory.MOCK);
    }

    public Bounds bounds() {
        return new Bounds(scale);
    }

    /** The replayable command line for {@code scenario} under this configuration. */
    public String replayLine(Scenario scenario) {
        return "./kit simulate --design " + design + " --seed " + seed + " --scale " + scale
                + " --scenario '" + scenario.format() + "'";
    }
}
