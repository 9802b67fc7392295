package org.ipcsync.pipe;

import java.util.concurrent.CompletableFuture;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;

/**
 * The pipeline side of an isolated IPA: one worker process reached over one socket (libcamera's
 * {@code IPCPipe}). One implementation per sync-call design; scenarios, benches and reports use
 * this interface only and get a design's pipe from the design catalog as a {@link PipeDesign}.
 *
 * <p>Threads: each implementation states where {@link #recv} is emitted from and which thread
 * may call {@link #sendSync}. The caller sets the request cookie (the proxy's counter).
 */
public interface IPCPipe extends AutoCloseable {
    /**
     * Sends {@code in} and waits for the reply with the same cookie; on success stores it in
     * {@code out} and returns 0, otherwise returns a negative errno (-ETIMEDOUT, -EIO...), as
     * libcamera does.
     */
    int sendSync(IPCMessage in, IPCMessage out);

    /**
     * Starts a sync call and returns its completion: 0 with the reply stored in {@code out}, or a
     * negative errno, as {@link #sendSync} returns. Called in the pipe's owning thread (the camera
     * manager); the future completes in that thread, so whatever is chained on it runs there.
     * Blocking designs complete it before returning, on the caller's stack, exactly as
     * {@link #sendSync}; completion-based designs ({@code async}, {@code reference}) return at once
     * and complete it from their loop on reply, deadline or worker death.
     */
    default CompletableFuture<Integer> call(IPCMessage in, IPCMessage out) {
        return CompletableFuture.completedFuture(sendSync(in, out));
    }

    /**
     * Whether cookie 0 is kept for IPA events, so the proxy's counter must start at 1 and skip 0
     * when it wraps (the reference design). False: libcamera's counter from 0.
     */
    default boolean cookieZeroReserved() {
        return false;
    }

    /** Sends {@code in} without waiting; 0 or a negative errno. */
    int sendAsync(IPCMessage in);

    /** Messages from the IPA that answer no pending call: events, and late replies. */
    Signal<IPCMessage> recv();

    /** The worker's exit status, emitted once when the process ends (libcamera's Process::finished). */
    Signal<Integer> workerExited();

    boolean isConnected();

    /**
     * Tears down in the design's own order and kills the worker with SIGKILL at once, without
     * waiting (libcamera's {@code Process} destructor); the worker is reaped asynchronously, so
     * {@link #workerExited} may fire after this returns. Releases every fd and thread of the pipe.
     * Sends nothing: Exit is an IPA command, sent by the proxy (as libcamera's generated proxy does
     * from its destructor) before it closes the pipe.
     */
    @Override
    void close();
}
