package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadTest {
    @Test
    void execRunsUntilExitAndReturnsTheExitCode() throws Exception {
        AtomicReference<Integer> code = new AtomicReference<>();
        LoopThread t = new LoopThread("exec-test") {
            @Override
            protected void run() {
                code.set(exec());
            }
        };
        t.start();
        assertThat(t.isRunning()).isTrue();
        t.exit(42);
        assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        assertThat(t.isRunning()).isFalse();
        assertThat(code.get()).isEqualTo(42);
    }

    @Test
    void currentIsTheLoopThreadRunningTheCodeAndFinishedFiresInIt() throws Exception {
        LoopThread t = new LoopThread("current-test");
        List<LoopThread> seen = new CopyOnWriteArrayList<>();
        t.finished.connect(v -> seen.add(LoopThread.current()));
        BoundObject probe = new BoundObject();
        probe.moveToThread(t);
        t.start();
        LoopThread inside = probe.invokeMethod("current", LoopThread::current, ConnectionType.BLOCKING);
        assertThat(inside).isSameAs(t);
        assertThat(LoopThread.current()).isNotSameAs(t);
        t.exit();
        assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        assertThat(seen).containsExactly(t);
    }

    @Test
    void aThreadCanBeRestartedAfterItFinished() throws Exception {
        LoopThread t = new LoopThread("restart-test");
        BoundObject probe = new BoundObject();
        probe.moveToThread(t);
        for (int round = 0; round < 3; round++) {
            t.start();
            assertThat(probe.invokeMethod("ping", () -> "pong", ConnectionType.BLOCKING)).isEqualTo("pong");
            t.exit();
            assertThat(t.waitFor(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void execFromAnotherThreadIsRefused() {
        LoopThread t = new LoopThread("not-started");
        assertThatThrownBy(t::exec).isInstanceOf(WrongThreadException.class).hasMessageContaining("exec");
    }
}
