package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalTest {
    private LoopThread loop;
    private BoundObject receiver;

    @BeforeEach
    void startLoop() {
        loop = new LoopThread("signal-loop");
        receiver = new BoundObject();
        receiver.moveToThread(loop);
        loop.start();
    }

    @AfterEach
    void stopLoop() throws Exception {
        loop.exit();
        assertThat(loop.waitFor(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void autoIsQueuedAcrossThreadsAndDirectWithinOne() {
        Signal<Integer> signal = new Signal<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        signal.connect(receiver, v -> calls.add(v + "@" + LoopThread.current().name()));
        signal.emit(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        assertThat(calls).containsExactly("1@signal-loop");

        receiver.invokeMethod("emit inside", () -> signal.emit(2), ConnectionType.BLOCKING);
        // Emitted from the receiver's own thread: ran before the blocking call returned.
        assertThat(calls).containsExactly("1@signal-loop", "2@signal-loop");
    }

    @Test
    void directRunsInTheEmittingThreadAndAPlainSlotToo() {
        Signal<String> signal = new Signal<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        String me = LoopThread.current().name();
        signal.connect(receiver, v -> calls.add("direct@" + LoopThread.current().name()), ConnectionType.DIRECT);
        signal.connect(v -> calls.add("plain@" + LoopThread.current().name()));
        signal.emit("x");
        assertThat(calls).containsExactly("direct@" + me, "plain@" + me);
    }

    @Test
    void queuedWithinOneThreadIsDeferredToTheNextDispatch() {
        BoundObject local = new BoundObject();
        Signal<Void> signal = new Signal<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        signal.connect(local, v -> calls.add("slot"), ConnectionType.QUEUED);
        signal.emit();
        calls.add("after emit");
        LoopThread.current().dispatchMessages(null);
        assertThat(calls).containsExactly("after emit", "slot");
    }

    @Test
    void blockingWaitsUntilTheReceiverThreadRanTheSlot() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        // Hold the receiver's loop so the blocking emission must wait for it.
        receiver.invokeMethod("hold", () -> {
            try {
                gate.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                java.lang.Thread.currentThread().interrupt();
            }
        }, ConnectionType.QUEUED);
        Signal<Void> signal = new Signal<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        signal.connect(receiver, v -> calls.add("slot@" + LoopThread.current().name()), ConnectionType.BLOCKING);

        java.lang.Thread emitter = new java.lang.Thread(() -> {
            signal.emit();
            calls.add("emit returned");
        });
        emitter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> emitter.getState() == java.lang.Thread.State.WAITING);
        assertThat(calls).isEmpty();
        gate.countDown();
        emitter.join(5000);
        assertThat(calls).containsExactly("slot@signal-loop", "emit returned");
    }

    @Test
    void aBlockingInvocationReturnsTheValueAndRethrowsTheFailure() {
        assertThat(receiver.invokeMethod("answer", () -> 6 * 7, ConnectionType.BLOCKING)).isEqualTo(42);
        assertThatThrownBy(() -> receiver.invokeMethod("boom", () -> {
            throw new IllegalArgumentException("bad argument");
        }, ConnectionType.BLOCKING)).isInstanceOf(IllegalArgumentException.class).hasMessage("bad argument");
        // The loop survived the failing call.
        assertThat(receiver.invokeMethod("alive", () -> true, ConnectionType.BLOCKING)).isTrue();
    }

    @Test
    void aSlotMayDisconnectDuringEmission() {
        Signal<Void> signal = new Signal<>();
        List<String> calls = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<Void> once = new java.util.function.Consumer<>() {
            @Override
            public void accept(Void v) {
                calls.add("once");
                signal.disconnect(this);
            }
        };
        signal.connect(once);
        signal.connect(v -> calls.add("always"));
        signal.emit();
        signal.emit();
        assertThat(calls).containsExactly("once", "always", "always");
    }
}
