package org.ipcsync.pipe;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ipcsync.wire.IPCMessage;

/**
 * Test-only: a {@link PipeObserver} decorator that holds a sync call's caller in
 * {@link PipeObserver#syncWaitEnded} when the wait ended without the reply, for up to
 * {@code hold}, until the held call's reply has been matched, or until {@link #release()}.
 * Ending at the match lets a scenario give the late reply a generous window (a loaded machine
 * delays the worker's reply by hundreds of milliseconds) without paying for it when the reply is
 * prompt. Everything else is passed to the wrapped observer unchanged (syncWaitEnded too, before
 * the hold).
 *
 * <p>What the hold widens: the window between the end of the call's wait (timer stopped, or
 * {@code wait_for} timed out and the mutex released) and the cleanup that clears the pending call
 * and returns -ETIMEDOUT. On real code that window is a few instructions; held open, a reply that
 * the worker sends just after the deadline can be matched there by the socket's reader (the
 * threaded design's receiver thread, or the nested design's socket thread when the caller is
 * another thread), so a scenario can show on real processes that a matched, consumed reply is
 * still reported as a timeout (NoMatchedReplyTimeout). It delays nothing else: the reader, the
 * worker and other callers run on. A nested call whose socket is read by the calling thread cannot
 * take its reply during the hold (that thread is the one held); the reply is then read after the
 * call returned, as an event.
 *
 * <p>Threads: the hold runs in the caller's thread; {@link #release()} from any thread. Holds only
 * calls whose request {@code which} accepts, and only when the wait ended incomplete.
 */
public final class HoldingObserver implements PipeObserver {
    private final PipeObserver inner;
    private final Duration hold;
    private final Predicate<IPCMessage.Header> which;
    private volatile boolean releasedForEver;
    /** The hold in progress, ended by the held call's reply or by release(); null between holds. */
    private volatile CountDownLatch current;
    private volatile int heldCookie;

    public HoldingObserver(PipeObserver inner, Duration hold, Predicate<IPCMessage.Header> which) {
        this.inner = inner;
        this.hold = hold;
        this.which = which;
    }

    /** Ends the current hold, and makes every later one end at once. */
    public void release() {
        releasedForEver = true;
        CountDownLatch c = current;
        if (c != null) {
            c.countDown();
        }
    }

    @Override
    public void syncCallStarted(IPCMessage.Header request) {
        inner.syncCallStarted(request);
    }

    @Override
    public void replyReceived(IPCMessage.Header reply) {
        inner.replyReceived(reply);
        CountDownLatch c = current;
        if (c != null && reply.cookie() == heldCookie) {
            c.countDown();
        }
    }

    @Override
    public void syncWaitEnded(IPCMessage.Header request, boolean complete) {
        inner.syncWaitEnded(request, complete);
        if (complete || !which.test(request) || releasedForEver) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        heldCookie = request.cookie();
        current = done;
        if (releasedForEver) {
            done.countDown();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + hold.toNanos();
        while (true) {
            try {
                done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        current = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void syncCallReturned(IPCMessage.Header request, int status) {
        inner.syncCallReturned(request, status);
    }

    @Override
    public void eventReceived(IPCMessage.Header event) {
        inner.eventReceived(event);
    }

    @Override
    public void messageDropped(String reason) {
        inner.messageDropped(reason);
    }
}
