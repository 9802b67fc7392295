package org.ipcsync.runtime;

/** How a signal emission or {@link BoundObject#invokeMethod} reaches its receiver (libcamera's ConnectionType). */
public enum ConnectionType {
    /** Direct when the receiver lives in the current thread, queued otherwise. */
    AUTO,
    /** Called synchronously in the emitting thread, whatever thread the receiver lives in. */
    DIRECT,
    /** Posted to the receiver's thread; the emitter does not wait. */
    QUEUED,
    /** Posted to the receiver's thread; the emitter waits until it ran. Direct when both share a thread. */
    BLOCKING
}
