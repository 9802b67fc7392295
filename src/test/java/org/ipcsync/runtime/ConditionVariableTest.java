package org.ipcsync.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** std::condition_variable's contract, with the notifier outside the mutex as libcamera code writes it. */
class ConditionVariableTest {
    private final ReentrantLock mutex = new ReentrantLock();
    private final ConditionVariable cv = new ConditionVariable();
    /** Guarded by mutex. */
    private boolean flag;

    @Test
    void aNotifyAfterTheUnlockIsNeverLost() throws Exception {
        for (int round = 0; round < 500; round++) {
            flag = false;
            CountDownLatch waiting = new CountDownLatch(1);
            Thread notifier = new Thread(() -> {
                try {
                    waiting.await();
                } catch (InterruptedException e) {
                    return;
                }
                mutex.lock();
                try {
                    flag = true;
                } finally {
                    mutex.unlock();
                }
                cv.notifyOne();
            });
            notifier.start();
            mutex.lock();
            boolean complete;
            try {
                waiting.countDown();
                complete = cv.waitFor(mutex, 10, TimeUnit.SECONDS, () -> flag);
                assertThat(mutex.isHeldByCurrentThread()).isTrue();
            } finally {
                mutex.unlock();
            }
            notifier.join();
            assertThat(complete).as("round %d", round).isTrue();
        }
    }

    @Test
    void atTheDeadlineThePredicateDecidesOnceMore() {
        mutex.lock();
        try {
            flag = false;
            assertThat(cv.waitFor(mutex, 20, TimeUnit.MILLISECONDS, () -> flag)).isFalse();
            // Set without a notify: wait_for still reports it, evaluating pred at the deadline.
            boolean[] calls = new boolean[1];
            assertThat(cv.waitFor(mutex, 20, TimeUnit.MILLISECONDS, () -> {
                boolean seen = calls[0];
                calls[0] = true;
                return seen;
            })).isTrue();
        } finally {
            mutex.unlock();
        }
    }

    @Test
    void aNotifyWithNobodyWaitingIsLost() {
        cv.notifyOne();
        mutex.lock();
        try {
            assertThat(cv.waitFor(mutex, 50, TimeUnit.MILLISECONDS, () -> flag)).isFalse();
        } finally {
            mutex.unlock();
        }
    }

    @Test
    void waitingNeedsTheMutexHeldOnce() {
        assertThatThrownBy(() -> cv.waitFor(mutex, 1, TimeUnit.MILLISECONDS, () -> true))
                .isInstanceOf(IllegalStateException.class);
    }
}
