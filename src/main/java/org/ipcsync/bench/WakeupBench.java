package org.ipcsync.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.ConnectionType;
import org.ipcsync.runtime.Instrumentation;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.RuntimeEvent;

/**
 * Wake-up latency of a dispatcher blocked in poll: the time from a cross-thread postMessage to
 * the start of the message's dispatch in the loop thread. Each sample starts only once the loop
 * has reported that it entered poll and a further 100 us passed, so every sample pays a real
 * eventfd wake-up of a sleeping thread.
 */
public final class WakeupBench {
    private static final long SETTLE_NANOS = 100_000;

    private WakeupBench() {}

    public static LatencyStats measure(int wakeups, int warmup) throws Exception {
        LoopThread loop = new LoopThread("wakeup-bench");
        BoundObject receiver = new BoundObject();
        receiver.moveToThread(loop);
        java.lang.Thread loopJava;
        // Counts the loop's entries into poll; a sample may start once the count moved past the
        // value seen while the previous message was being handled.
        AtomicLong pollEntries = new AtomicLong();
        AtomicLong handledAt = new AtomicLong();
        long[] samples = new long[wakeups];
        loop.start();
        try {
            loopJava = receiver.invokeMethod("thread", java.lang.Thread::currentThread, ConnectionType.BLOCKING);
            try (AutoCloseable hook = Instrumentation.add(e -> {
                if (e.kind() == RuntimeEvent.Kind.POLL_BLOCK && java.lang.Thread.currentThread() == loopJava) {
                    pollEntries.incrementAndGet();
                }
            })) {
                long pollsWhenHandled = -1;
                AtomicLong pollsSeenByHandler = new AtomicLong();
                for (int i = -warmup; i < wakeups; i++) {
                    while (pollEntries.get() <= pollsWhenHandled) {
                        java.lang.Thread.onSpinWait();
                    }
                    // The hook fires just before ppoll(); give the thread time to be asleep in it.
                    long settle = System.nanoTime() + SETTLE_NANOS;
                    while (System.nanoTime() < settle) {
                        java.lang.Thread.onSpinWait();
                    }
                    handledAt.set(0);
                    long posted = System.nanoTime();
                    receiver.invokeMethod("wake", () -> {
                        pollsSeenByHandler.set(pollEntries.get());
                        handledAt.set(System.nanoTime());
                    }, ConnectionType.QUEUED);
                    while (handledAt.get() == 0) {
                        java.lang.Thread.onSpinWait();
                    }
                    if (i >= 0) {
                        samples[i] = handledAt.get() - posted;
                    }
                    pollsWhenHandled = pollsSeenByHandler.get();
                }
            }
        } finally {
            loop.exit();
            loop.waitFor(Duration.ofSeconds(5));
        }
        return LatencyStats.of(samples);
    }
}
