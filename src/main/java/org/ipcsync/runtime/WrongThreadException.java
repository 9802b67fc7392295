package org.ipcsync.runtime;

/**
 * A thread-bound operation was called from a thread the object is not bound to. libcamera
 * logs an error and ignores the call; the kit throws so the misuse cannot go unnoticed.
 */
public final class WrongThreadException extends IllegalStateException {
    public WrongThreadException(String message) {
        super(message + " (called from " + java.lang.Thread.currentThread().getName() + ")");
    }
}
