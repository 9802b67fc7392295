package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/**
 * A property run gives back every process, thread and fd: a small campaign per design whose
 * scenarios include a nested hang (watchdog, unstick, teardown), device faults and IPA faults.
 */
class ScenarioLeakTest {
    @Test
    void aPropertyRunLeavesNoProcessThreadOrFdBehind() {
        // Warm up JNA, class loading and the first worker spawn so one-time fds are not counted.
        ScenarioRunner.run(Scenario.parse("cameras=1 run=100"), RunConfig.of(DesignCatalog.pipe("threaded"), 1, 0.2));

        java.util.Map<String, String> fdsBefore = Leaks.openFdsButTheJvms();
        int threadsBefore = Leaks.liveThreads();
        long childrenBefore = Leaks.childProcesses();

        Recording hang = ScenarioRunner.run(Scenario.parse(
                // Camera 0's reply is slow enough to arrive inside camera 1's nested wait, so camera 0 sleeps
                // in poll after its completion (without it, a quick reply could end camera 0's call first).
                "cameras=2 ipa0=stop=latency:200 ipa1=stop=hang@1 run=100 stop-all fault=0:disconnect"),
                RunConfig.of(DesignCatalog.pipe("nested"), 2, 0.2));
        assertThat(hang.hung()).as("the run exercised the watchdog path").isTrue();
        ScenarioRunner.run(Scenario.parse("cameras=3 ipa0=init=kill@1 ipa2=start=exit@1 run=200 fault=1:fatal stop-all"),
                RunConfig.of(DesignCatalog.pipe("threaded"), 3, 0.2));
        CampaignResult campaign = Campaign.run(DesignCatalog.pipe("threaded"), Campaign.Budget.of(4, 0.2)
                .shrinking(Set.of("CameraIsolation"), 5, Duration.ofSeconds(5)), 9);
        CampaignResult nested = Campaign.run(DesignCatalog.pipe("nested"), Campaign.Budget.of(4, 0.2)
                .shrinking(Set.of("NoNestedDispatch"), 5, Duration.ofSeconds(5)), 9);
        assertThat(campaign.runs() + nested.runs()).isGreaterThanOrEqualTo(8);

        // Polled in this thread: Awaitility's own poller thread would count as a live thread.
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(Leaks.childProcesses()).as("worker processes").isEqualTo(childrenBefore);
            assertThat(Leaks.liveThreads()).as(() -> "threads: " + Leaks.liveThreadNames()).isLessThanOrEqualTo(threadsBefore);
            // Nothing this run opened is still open. An fd that was open before may have been closed
            // meanwhile (an earlier test's socket reclaimed by its cleaner): that is no leak.
            // Each fd is compared with what it points to, so a reused number still shows up.
            assertThat(fdsBefore).as("fds open now that were not open before the run")
                    .containsAllEntriesOf(Leaks.openFdsButTheJvms());
        });
    }
}
