package org.ipcsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/** A few hundred calls only: proves every row runs and cleans up, not the numbers. */
class RttBenchTest {
    @Test
    void everyConfigurationRunsAndLeavesNoProcessBehind() throws Exception {
        assertThat(RttBench.run(new String[] {"--calls", "300"})).isZero();
        assertThat(Leaks.childProcesses()).isZero();
    }

    @Test
    void anUnknownFlagIsAUsageError() throws Exception {
        assertThat(RttBench.run(new String[] {"--fast"})).isEqualTo(2);
    }
}
