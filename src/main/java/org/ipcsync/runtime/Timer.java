package org.ipcsync.runtime;

import java.time.Duration;

/**
 * A single-shot timer that fires from its thread's loop once the deadline passed (libcamera's
 * {@code Timer}). Deadlines are {@link System#nanoTime()} values.
 *
 * <p>Threads: bound to the creating thread; {@link #start} and {@link #stop} only from it.
 */
public class Timer extends BoundObject {
    private long deadline;
    private boolean running;
    public final Signal<Void> timeout = new Signal<>("timeout");

    public void start(Duration duration) {
        start(System.nanoTime() + duration.toNanos());
    }

    public void start(long deadlineNanos) {
        assertThreadBound("Timer can't be started from another thread");
        if (running) {
            thread().eventDispatcher().unregisterTimer(this);
        }
        deadline = deadlineNanos;
        running = true;
        thread().eventDispatcher().registerTimer(this);
    }

    public void stop() {
        assertThreadBound("Timer can't be stopped from another thread");
        if (!running) {
            return;
        }
        thread().eventDispatcher().unregisterTimer(this);
        running = false;
    }

    public boolean isRunning() {
        return running;
    }

    public long deadline() {
        return deadline;
    }

    /** Called by the dispatcher after unregistering an expired timer, just before timeout fires. */
    void expired() {
        running = false;
    }

    @Override
    protected void message(Message message) {
        if (message.type() == Message.Type.THREAD_MOVE && running) {
            thread().eventDispatcher().unregisterTimer(this);
            running = false;
            long keep = deadline;
            invokeMethod("re-register timer", () -> start(keep), ConnectionType.QUEUED);
        }
        super.message(message);
    }

    @Override
    public String toString() {
        return "timer@" + Integer.toHexString(System.identityHashCode(this));
    }
}
