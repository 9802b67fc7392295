package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipcsync.os.Libc;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;

/** close() gives back every fd and thread the device took, including mid-stream with faults. */
class MockVideoDeviceLeakTest {
    @Test
    void fiftyOpenStreamCloseCyclesLeakNothing() {
        warmUp();
        java.util.Map<String, String> fdsBefore = Leaks.openFdsButTheJvms();
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());

        for (int cycle = 0; cycle < 50; cycle++) {
            MockVideoDevice device = new MockVideoDevice(cycle, cycle, 0.1);
            device.open();
            device.setFormat(32, 16, DeviceFormat.GREY);
            device.setFrameRate(120);
            device.requestBuffers(3);
            for (int i = 0; i < 3; i++) {
                device.queueBuffer(i);
            }
            device.streamOn();
            AtomicInteger frames = new AtomicInteger();
            await().pollInSameThread().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> device.dequeueBuffer().map(b -> frames.incrementAndGet()).orElse(0) > 0);
            Libc.close(device.exportBuffer(0));
            if (cycle % 3 == 1) {
                device.injectFault(new Fault.FatalStreamingError());
            } else if (cycle % 3 == 2) {
                device.injectFault(new Fault.Disconnect());
            } else {
                device.streamOff();
            }
            device.close();
        }

        Leaks.awaitNoFdOpenedSince(fdsBefore);
        Set<Thread> threadsAfter = new HashSet<>(Thread.getAllStackTraces().keySet());
        threadsAfter.removeAll(threadsBefore);
        assertThat(threadsAfter).filteredOn(Thread::isAlive).isEmpty();
    }

    /** Loads JNA and the test's classes first, so one-time fds (jars, libraries) are not counted. */
    private static void warmUp() {
        try (MockVideoDevice device = new MockVideoDevice(99)) {
            device.open();
            device.requestBuffers(2);
            Libc.close(device.exportBuffer(0));
            Leaks.openFdsButTheJvms();
        }
    }
}
