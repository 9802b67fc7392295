package org.ipcsync.runtime;

import java.util.concurrent.Semaphore;

/**
 * A queued method invocation. When {@code semaphore} is set the caller is blocked on it and
 * the receiver's thread releases it after the call (a blocking connection).
 */
public final class InvokeMessage extends Message {
    private final Runnable call;
    private final Semaphore semaphore;
    private final String label;

    InvokeMessage(Runnable call, Semaphore semaphore, String label) {
        super(Type.INVOKE);
        this.call = call;
        this.semaphore = semaphore;
        this.label = label;
    }

    /** What is being invoked, for traces. */
    public String label() {
        return label;
    }

    public boolean isBlocking() {
        return semaphore != null;
    }

    void invoke() {
        try {
            call.run();
        } finally {
            if (semaphore != null) {
                semaphore.release();
            }
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
