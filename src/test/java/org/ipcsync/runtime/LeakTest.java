package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

class LeakTest {
    @Test
    void twoHundredLoopThreadsGiveBackTheirThreadsAndFds() throws Exception {
        // Warm up JNA and the class loader so their one-time fds are not counted.
        LoopThread warm = new LoopThread("warm");
        warm.start();
        warm.eventDispatcher().interrupt();
        warm.exit();
        assertThat(warm.waitFor(Duration.ofSeconds(5))).isTrue();

        java.util.Map<String, String> fdsBefore = Leaks.openFdsButTheJvms();
        int threadsBefore = Leaks.liveThreads();
        List<LoopThread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            LoopThread t = new LoopThread("leak-" + i);
            BoundObject o = new BoundObject();
            o.moveToThread(t);
            t.start();
            // A round trip proves each loop really ran (and created its eventfd).
            assertThat(o.invokeMethod("ping", () -> LoopThread.current() == t, ConnectionType.BLOCKING)).isTrue();
            threads.add(t);
        }
        assertThat(Leaks.openFdsButTheJvms().size()).isGreaterThanOrEqualTo(fdsBefore.size() + 200);
        for (LoopThread t : threads) {
            t.exit();
        }
        for (LoopThread t : threads) {
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
        // Polled in this thread: Awaitility's own poller thread would count as a live thread.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.liveThreads() <= threadsBefore);
        Leaks.awaitNoFdOpenedSince(fdsBefore);
    }
}
