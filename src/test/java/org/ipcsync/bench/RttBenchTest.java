package org.ipcsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/** A few hundred calls only: proves every row runs and cleans up, not the numbers. */
class RttBenchTest {
    @Test
    void everyConfigurationRunsAndLeavesNoProcessBehind() throws Exception {
        List<RttBench.Row> rows = RttBench.measure(300, 300);
        assertThat(rows).hasSize(3 + 2 * DesignCatalog.pipeNames().size());
        assertThat(rows).allSatisfy(r -> assertThat(r.medianUs()).isPositive());
        // Pipes kill their worker without waiting, as libcamera does; the reaper follows within moments.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
        assertThat(RttBench.sameShape(rows)).extracting(RttBench.ShapeRatio::design)
                .containsExactlyElementsOf(DesignCatalog.pipeNames());
    }

    @Test
    void eachWaitShapeHasItsOwnCPingPong() {
        assertThat(java.util.Arrays.stream(org.ipcsync.pipe.PipeDesign.Wait.values()).map(w -> RttBench.cShape(
                new org.ipcsync.pipe.PipeDesign("x", java.time.Duration.ofSeconds(1), w, (c, o) -> null))))
                .doesNotHaveDuplicates().containsExactlyInAnyOrder(RttBench.C_POLL, RttBench.C_THREADED);
    }
}
