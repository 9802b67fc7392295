package org.ipcsync.pipe;

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

    /** Sends {@code in} without waiting; 0 or a negative errno. */
    int sendAsync(IPCMessage in);

    /** Messages from the IPA that answer no pending call: events, and late replies. */
    Signal<IPCMessage> recv();

    /** The worker's exit status, emitted once when the process ends (libcamera's Process::finished). */
    Signal<Integer> workerExited();

    boolean isConnected();

    /**
     * Sends Exit, then tears down in the design's own order and kills the worker with SIGKILL at
     * once, without waiting (libcamera's {@code Process} destructor); the worker is reaped
     * asynchronously, so {@link #workerExited} may fire after this returns. Releases every fd and
     * thread of the pipe.
     */
    @Override
    void close();
}
