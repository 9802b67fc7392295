package org.ipcsync.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * libcamera's {@code ConditionVariable} ({@code std::condition_variable}) for a
 * {@link ReentrantLock} used as libcamera's {@code Mutex}. Threading contract: {@link #waitFor}
 * is called by a thread that holds the mutex (exactly once); it registers the waiter while the
 * mutex is held, then releases the mutex and parks as one step with respect to notifications, so
 * a {@link #notifyOne} that comes after the registration is never lost, even when it comes
 * between the release and the park. {@link #notifyOne} may be called from
 * any thread, with or without the mutex held (unlike {@link Condition#signal()}, which needs its
 * lock): code that notifies after unlocking, as libcamera code does, can be written as is. A
 * notification with no registered waiter is lost, as in C++. Waiting is not interruptible (a
 * C++ wait cannot be): an interrupt is kept for the caller and the wait goes on.
 */
public final class ConditionVariable {
    /** One registered waiter; {@code notified} is guarded by {@link #internal}. */
    private static final class Waiter {
        boolean notified;
    }

    /** Guards {@link #waiters}; held only for a few instructions, never while taking the user's mutex. */
    private final ReentrantLock internal = new ReentrantLock();
    private final Condition wake = internal.newCondition();
    /** Registered waiters, oldest first; guarded by internal. */
    private final List<Waiter> waiters = new ArrayList<>();

    /**
     * {@code cv.wait_for(locker, timeout, pred)}: while {@code pred} is false, wait for a
     * notification or the deadline; at the deadline return {@code pred} once more. {@code pred} is
     * always evaluated with {@code mutex} held, and the mutex is held again when this returns.
     */
    public boolean waitFor(ReentrantLock mutex, long timeout, TimeUnit unit, BooleanSupplier pred) {
        if (!mutex.isHeldByCurrentThread() || mutex.getHoldCount() != 1) {
            throw new IllegalStateException("waitFor needs the mutex held exactly once by the caller");
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!pred.getAsBoolean()) {
            if (!waitUntil(mutex, deadline)) {
                return pred.getAsBoolean();
            }
        }
        return true;
    }

    /** One wait: false when the deadline passed without a notification. */
    private boolean waitUntil(ReentrantLock mutex, long deadline) {
        Waiter me = new Waiter();
        boolean interrupted = false;
        internal.lock();
        try {
            waiters.add(me);
            // Registered under the caller's mutex; from here a notifier needs `internal`, which
            // this thread holds until await() releases it atomically with parking.
            mutex.unlock();
            long left = deadline - System.nanoTime();
            while (!me.notified && left > 0) {
                try {
                    left = wake.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    left = deadline - System.nanoTime();
                }
            }
            if (!me.notified) {
                waiters.remove(me);
            }
        } finally {
            internal.unlock();
        }
        mutex.lock();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return me.notified;
    }

    /** Wakes the oldest registered waiter, if any ({@code notify_one}). Any thread, mutex held or not. */
    public void notifyOne() {
        internal.lock();
        try {
            if (!waiters.isEmpty()) {
                waiters.remove(0).notified = true;
                wake.signalAll();
            }
        } finally {
            internal.unlock();
        }
    }
}
