package org.ipcsync.pipe;

/**
 * Why a {@link ReferenceClient} call failed: its {@link #kind()}, the pipe's negative errno
 * ({@link #errno()}: -ETIMEDOUT, -ENOTCONN, ...), and for a dead worker what the client knows about
 * the death ({@link #death()}: exit status or signal, the tail of its stderr). Immutable.
 */
public final class IpcCallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The reasons a call fails; see {@link ReferenceClient} for what each means. */
    public enum Kind {
        /** No reply within the deadline; a later reply is dropped, never delivered as an event. */
        TIMEOUT,
        /** The worker exited or was killed before replying; {@link #death()} says how. */
        WORKER_DIED,
        /** The socket refused the request ({@link #errno()}). */
        SEND_FAILED,
        /** The client was closed before the reply came. */
        CLOSED
    }

    private final Kind kind;
    private final int errno;
    private final transient WorkerDeath death;

    IpcCallException(Kind kind, int errno, WorkerDeath death, String message) {
        super(kind + ": " + message);
        this.kind = kind;
        this.errno = errno;
        this.death = death;
    }

    public Kind kind() {
        return kind;
    }

    /** The pipe's status for the call: a negative errno. */
    public int errno() {
        return errno;
    }

    /** For {@link Kind#WORKER_DIED}: pid, exit status or signal, stderr tail; else null. */
    public WorkerDeath death() {
        return death;
    }
}
