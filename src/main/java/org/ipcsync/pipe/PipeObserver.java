package org.ipcsync.pipe;

import org.ipcsync.wire.IPCMessage;

/**
 * What a pipe reports about its sync calls, called synchronously in the thread where each step
 * happens; the observer stamps time and thread itself. Every design calls every hook at the
 * equivalent point, so recordings from different designs compare directly.
 */
public interface PipeObserver {
    PipeObserver NONE = new PipeObserver() { };

    /** The request is about to be sent (caller's thread). */
    default void syncCallStarted(IPCMessage.Header request) { }

    /**
     * A message matching a pending sync call was taken off the socket and matched to it (receiving
     * thread; in the threaded design inside the critical section where the match happens, so it
     * is ordered exactly against the caller's cleanup).
     */
    default void replyReceived(IPCMessage.Header reply) { }

    /**
     * The caller's wait is over and the pipe has not yet acted on what the wait saw
     * ({@code complete}: the call's reply was in): the point between the end of the wait and
     * the completion test and cleanup (caller's thread). A test observer that blocks here widens
     * exactly that window, so a scenario can land a reply inside it on real processes.
     */
    default void syncWaitEnded(IPCMessage.Header request, boolean complete) { }

    /**
     * The request is out and its caller's thread goes back to its loop without waiting
     * (completion-based designs, caller's thread): from here the call encloses nothing that
     * thread runs, until it completes from the loop.
     */
    default void callPending(IPCMessage.Header request) { }

    /**
     * A reply (non-zero cookie) that matches no pending call was dropped instead of being emitted
     * as an event (the reference design; receiving thread).
     */
    default void staleReplyDropped(IPCMessage.Header reply) { }

    /**
     * The pipe saw its worker die and fails its calls with {@code error} (exit status or signal,
     * and the tail of the worker's stderr); fail-fast designs only, in the pipe's thread.
     */
    default void workerDied(String error) { }

    /** sendSync is about to return {@code status} to its caller (caller's thread). */
    default void syncCallReturned(IPCMessage.Header request, int status) { }

    /** A message that matches no pending call is about to be emitted on recv (receiving thread). */
    default void eventReceived(IPCMessage.Header event) { }

    /** Something arrived that could not be delivered at all (short datagram, bad framing). */
    default void messageDropped(String reason) { }
}
