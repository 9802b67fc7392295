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

    /** A message matching a pending sync call was taken off the socket (receiving thread). */
    default void replyReceived(IPCMessage.Header reply) { }

    /** sendSync is about to return {@code status} to its caller (caller's thread). */
    default void syncCallReturned(IPCMessage.Header request, int status) { }

    /** A message that matches no pending call is about to be emitted on recv (receiving thread). */
    default void eventReceived(IPCMessage.Header event) { }

    /** Something arrived that could not be delivered at all (short datagram, bad framing). */
    default void messageDropped(String reason) { }
}
