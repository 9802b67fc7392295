package org.ipcsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/** A few hundred calls only: proves every row runs and cleans up, not the numbers. */
class RttBenchTest {
    @Test
    void everyConfigurationRunsAndLeavesNoProcessBehind() throws Exception {
        assertThat(RttBench.run(new String[] {"--calls", "300"})).isZero();
        // Pipes kill their worker without waiting, as libcamera does; the reaper follows within moments.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
    }

    @Test
    void anUnknownFlagIsAUsageError() throws Exception {
        assertThat(RttBench.run(new String[] {"--fast"})).isEqualTo(2);
    }
}
