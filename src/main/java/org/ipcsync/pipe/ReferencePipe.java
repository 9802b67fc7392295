package org.ipcsync.pipe;

import java.time.Duration;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The kit's {@code reference} design (docs/designs.md): {@link AsyncPipe}'s completion-based
 * calls, plus
 * <ul>
 *   <li>cookie 0 kept for IPA events ({@link #cookieZeroReserved}: the proxy's counter starts at
 *       1 and skips 0 when it wraps), so an event is never taken as a reply;
 *   <li>a reply that matches no pending call (its call timed out) is dropped and counted
 *       ({@link #staleReplies}), never emitted as an event;
 *   <li>{@link IPCUnixSocket.Framing#QUEUED} framing: a message the socket cannot take whole is
 *       queued and finished from the loop on writability, never split, refused or stripped of fds;
 *   <li>fail-fast: the worker's exit is watched in the loop (a pidfd, and the watcher thread's
 *       signal); on death every pending call completes at once with -ENOTCONN and
 *       {@link #death()} says why (exit status or signal, the tail of the worker's stderr, which
 *       the pipe captures and passes on); later calls fail at once the same way.
 * </ul>
 * The deadline is libcamera's 2000 ms. Each mechanism can be switched off by a
 * {@link PipeOptions.Mutation}, so a test can show the property it exists for catching its
 * absence. Steps and threads: {@link RequestPipe}.
 */
public final class ReferencePipe extends RequestPipe {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    public ReferencePipe(WorkerCommand command, PipeOptions options) {
        super("reference", features(options), DEFAULT_TIMEOUT, command, options);
    }

    private static Features features(PipeOptions options) {
        return new Features(!options.mutated(PipeOptions.Mutation.COOKIE_ZERO),
                !options.mutated(PipeOptions.Mutation.STALE_REPLIES_AS_EVENTS),
                !options.mutated(PipeOptions.Mutation.NO_FAIL_FAST),
                options.mutated(PipeOptions.Mutation.LIBCAMERA_FRAMING) ? IPCUnixSocket.Framing.LIBCAMERA
                        : IPCUnixSocket.Framing.QUEUED);
    }

    /** How many messages wait in the socket's queue for writability (queued framing). */
    public int queuedMessages() {
        return socket().queued();
    }
}
