package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Cross-thread wake-ups of a loop blocked in poll, observed through the instrumentation hooks. */
class WakeUpTest {
    @Test
    void aCrossThreadPostMessageWakesABlockedDispatcherThroughItsInterrupt() throws Exception {
        LoopThread t = new LoopThread("blocked-loop");
        BoundObject receiver = new BoundObject();
        receiver.moveToThread(t);
        List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        try (AutoCloseable hook = Instrumentation.add(e -> {
            if (e.threadName().equals("blocked-loop")) {
                events.add(e);
            }
        })) {
            t.start();
            // Blocked: the loop entered poll with no timer, hence no timeout.
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.isEmpty()
                    && events.get(events.size() - 1).kind() == RuntimeEvent.Kind.POLL_BLOCK);
            assertThat(events.get(events.size() - 1).detail()).isEqualTo(-1L);
            int before = events.size();

            receiver.invokeMethod("wake", () -> ran.add(LoopThread.current().name()), ConnectionType.QUEUED);
            await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);

            List<RuntimeEvent> after = events.subList(before, events.size());
            RuntimeEvent unblock = after.get(0);
            assertThat(unblock.kind()).isEqualTo(RuntimeEvent.Kind.POLL_UNBLOCK);
            assertThat(((RuntimeEvent.WakeCause) unblock.detail()).interrupt()).isTrue();
            assertThat(after).extracting(RuntimeEvent::kind).containsSubsequence(
                    RuntimeEvent.Kind.POLL_UNBLOCK, RuntimeEvent.Kind.PROCESS_EVENTS_EXIT,
                    RuntimeEvent.Kind.PROCESS_EVENTS_ENTER, RuntimeEvent.Kind.DISPATCH_BEGIN,
                    RuntimeEvent.Kind.DISPATCH_END);
            assertThat(ran).containsExactly("blocked-loop");
            assertThat(after).allSatisfy(e -> assertThat(e.threadId()).isEqualTo(t.javaThread().getId()));
            assertThat(after).extracting(RuntimeEvent::nanos).isSorted();
        } finally {
            t.exit();
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void exitWakesAThreadBlockedInPoll() throws Exception {
        LoopThread t = new LoopThread("exit-while-blocked");
        List<RuntimeEvent.Kind> kinds = new CopyOnWriteArrayList<>();
        try (AutoCloseable hook = Instrumentation.add(e -> {
            if (e.threadName().equals("exit-while-blocked")) {
                kinds.add(e.kind());
            }
        })) {
            t.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> kinds.contains(RuntimeEvent.Kind.POLL_BLOCK));
            t.exit(3);
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
            assertThat(kinds).endsWith(RuntimeEvent.Kind.POLL_UNBLOCK, RuntimeEvent.Kind.PROCESS_EVENTS_EXIT);
        }
    }

    @Test
    void aTimerDeadlineBoundsThePollAndIsReportedAsTheWakeCause() throws Exception {
        LoopThread t = new LoopThread("timer-wake");
        Timer timer = new Timer();
        timer.moveToThread(t);
        List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable hook = Instrumentation.add(e -> {
            if (e.threadName().equals("timer-wake")) {
                events.add(e);
            }
        })) {
            t.start();
            timer.invokeMethod("arm", () -> timer.start(Duration.ofMillis(50)), ConnectionType.QUEUED);
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    events.stream().anyMatch(e -> e.kind() == RuntimeEvent.Kind.TIMER_EXPIRED));
            RuntimeEvent expiry = events.stream().filter(e -> e.kind() == RuntimeEvent.Kind.TIMER_EXPIRED).findFirst().get();
            RuntimeEvent wake = events.get(events.indexOf(expiry) - 1);
            assertThat(wake.kind()).isEqualTo(RuntimeEvent.Kind.POLL_UNBLOCK);
            assertThat(((RuntimeEvent.WakeCause) wake.detail()).timeout()).isTrue();
            assertThat(expiry.subject()).isSameAs(timer);
        } finally {
            t.exit();
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }
}
