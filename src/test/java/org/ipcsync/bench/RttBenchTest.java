package org.ipcsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/** A few hundred calls only: proves every row runs and cleans up, not the numbers. */
class RttBenchTest {
    @Test
    void everyConfigurationRunsAndLeavesNoProcessBehind() throws Exception {
        List<RttBench.Row> rows = RttBench.measure(300, 300);
        assertThat(rows).hasSize(3 + 2 * PipeDesigns.names().size());
        assertThat(rows).allSatisfy(r -> assertThat(r.medianUs()).isPositive());
        // Pipes kill their worker without waiting, as libcamera does; the reaper follows within moments.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
        assertThat(RttBench.sameShape(rows)).extracting(RttBench.ShapeRatio::design)
                .containsExactlyElementsOf(PipeDesigns.names());
    }

    @Test
    void everyDesignHasACShapeToBeMeasuredAgainst() {
        assertThat(RttBench.C_SHAPE.keySet()).containsExactlyInAnyOrderElementsOf(PipeDesigns.names());
    }
}
