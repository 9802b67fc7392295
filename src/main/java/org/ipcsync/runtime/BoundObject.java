package org.ipcsync.runtime;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An object that lives in one {@link LoopThread} (libcamera's {@code Object}): its queued
 * messages and queued slot calls run in that thread. It is bound to the thread that created it.
 *
 * <p>Threads: {@link #moveToThread} only from the bound thread; {@link #postMessage} and
 * {@link #invokeMethod} from any thread. libcamera's parent/child tree is not modelled.
 */
public class BoundObject {
    private volatile LoopThread thread;
    /** Messages queued for this object; changed under the owning thread's message lock. */
    final AtomicInteger pendingMessages = new AtomicInteger();

    public BoundObject() {
        this.thread = LoopThread.current();
    }

    public final LoopThread thread() {
        return thread;
    }

    void setThread(LoopThread thread) {
        this.thread = thread;
    }

    /** Rebinds this object, with its queued messages, to {@code target}. Only from the bound thread. */
    public void moveToThread(LoopThread target) {
        assertThreadBound("object can't be moved from another thread");
        if (target == thread) {
            return;
        }
        message(new Message(Message.Type.THREAD_MOVE));
        target.moveObject(this);
    }

    public final void postMessage(Message message) {
        thread.postMessage(message, this);
    }

    /** Handles a message in the bound thread. Subclasses extend this for their own message types. */
    protected void message(Message message) {
        if (message instanceof InvokeMessage invoke) {
            invoke.invoke();
        }
    }

    /** Runs {@code call} in this object's thread per {@code type}; see {@link ConnectionType}. */
    public final void invokeMethod(String label, Runnable call, ConnectionType type) {
        invokeMethod(label, () -> {
            call.run();
            return null;
        }, type);
    }

    /**
     * Runs {@code call} per {@code type} and returns its result for direct and blocking calls
     * (null for queued ones). An exception thrown by a blocking call is rethrown to the caller.
     */
    public final <R> R invokeMethod(String label, Supplier<R> call, ConnectionType type) {
        ConnectionType effective = type;
        boolean sameThread = LoopThread.current() == thread;
        if (type == ConnectionType.AUTO) {
            effective = sameThread ? ConnectionType.DIRECT : ConnectionType.QUEUED;
        } else if (type == ConnectionType.BLOCKING && sameThread) {
            effective = ConnectionType.DIRECT;
        }
        switch (effective) {
            case DIRECT:
                return call.get();
            case QUEUED:
                postMessage(new InvokeMessage(call::get, null, label));
                return null;
            default:
                Semaphore semaphore = new Semaphore(0);
                Outcome<R> outcome = new Outcome<>();
                postMessage(new InvokeMessage(() -> outcome.run(call), semaphore, label));
                semaphore.acquireUninterruptibly();
                return outcome.get();
        }
    }

    /** Throws {@link WrongThreadException} unless called from the bound thread. */
    protected final void assertThreadBound(String message) {
        if (LoopThread.current() != thread) {
            throw new WrongThreadException(message);
        }
    }

    /** Carries a blocking call's result or failure back to the blocked caller. */
    private static final class Outcome<R> {
        private R value;
        private RuntimeException failure;

        void run(Supplier<R> call) {
            try {
                value = call.get();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        R get() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }
}
