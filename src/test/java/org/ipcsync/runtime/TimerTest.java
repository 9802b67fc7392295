package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimerTest {
    private LoopThread loop;

    @BeforeEach
    void startLoop() {
        loop = new LoopThread("timer-loop");
        loop.start();
    }

    @AfterEach
    void stopLoop() throws Exception {
        loop.exit();
        assertThat(loop.waitFor(Duration.ofSeconds(5))).isTrue();
    }

    private Timer timerInLoop() {
        Timer timer = new Timer();
        timer.moveToThread(loop);
        return timer;
    }

    @Test
    void aTimerFiresOnceInItsOwnThreadNotBeforeItsDeadline() {
        Timer timer = timerInLoop();
        List<String> firedIn = new CopyOnWriteArrayList<>();
        AtomicLong firedAt = new AtomicLong();
        timer.timeout.connect(v -> {
            firedAt.set(System.nanoTime());
            firedIn.add(LoopThread.current().name());
        });
        long deadline = timer.invokeMethod("start", () -> {
            timer.start(Duration.ofMillis(30));
            return timer.deadline();
        }, ConnectionType.BLOCKING);

        await().atMost(Duration.ofSeconds(5)).until(() -> firedIn.size() == 1);
        assertThat(firedIn).containsExactly("timer-loop");
        assertThat(firedAt.get()).isGreaterThanOrEqualTo(deadline);
        assertThat(timer.invokeMethod("running", timer::isRunning, ConnectionType.BLOCKING)).isFalse();
        // Single shot: a later loop pass (forced by a message round trip) does not fire it again.
        timer.invokeMethod("noop", () -> { }, ConnectionType.BLOCKING);
        assertThat(firedIn).hasSize(1);
    }

    @Test
    void timersExpireInDeadlineOrderWhateverTheStartOrder() {
        List<String> order = new CopyOnWriteArrayList<>();
        Timer late = timerInLoop();
        Timer early = timerInLoop();
        late.timeout.connect(v -> order.add("late"));
        early.timeout.connect(v -> order.add("early"));
        late.invokeMethod("start both", () -> {
            long now = System.nanoTime();
            late.start(now + Duration.ofMillis(40).toNanos());
            early.start(now + Duration.ofMillis(10).toNanos());
        }, ConnectionType.BLOCKING);
        await().atMost(Duration.ofSeconds(5)).until(() -> order.size() == 2);
        assertThat(order).containsExactly("early", "late");
    }

    @Test
    void aStoppedTimerNeverFiresAndARestartMovesTheDeadline() {
        Timer stopped = timerInLoop();
        Timer witness = timerInLoop();
        List<String> fired = new CopyOnWriteArrayList<>();
        stopped.timeout.connect(v -> fired.add("stopped"));
        witness.timeout.connect(v -> fired.add("witness"));
        stopped.invokeMethod("start+stop", () -> {
            stopped.start(Duration.ofMillis(5));
            stopped.start(Duration.ofMillis(10));
            stopped.stop();
            witness.start(Duration.ofMillis(20));
        }, ConnectionType.BLOCKING);
        // The witness's deadline lies after the stopped timer's: once it fired, the other would have.
        await().atMost(Duration.ofSeconds(5)).until(() -> fired.contains("witness"));
        assertThat(fired).containsExactly("witness");
    }

    @Test
    void startingFromAnotherThreadIsRefused() {
        Timer timer = timerInLoop();
        assertThatThrownBy(() -> timer.start(Duration.ofMillis(1)))
                .isInstanceOf(WrongThreadException.class)
                .hasMessageContaining("another thread");
    }

    @Test
    void aMovedTimerKeepsRunningAndFiresInTheNewThread() throws Exception {
        LoopThread other = new LoopThread("timer-other");
        other.start();
        try {
            Timer timer = timerInLoop();
            List<String> firedIn = new CopyOnWriteArrayList<>();
            timer.timeout.connect(v -> firedIn.add(LoopThread.current().name()));
            timer.invokeMethod("start+move", () -> {
                timer.start(Duration.ofMillis(20));
                timer.moveToThread(other);
            }, ConnectionType.BLOCKING);
            await().atMost(Duration.ofSeconds(5)).until(() -> firedIn.size() == 1);
            assertThat(firedIn).containsExactly("timer-other");
        } finally {
            other.exit();
            assertThat(other.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }
}
