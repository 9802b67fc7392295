package org.ipcsync.runtime;

/**
 * Receives runtime events synchronously in the thread they happen on. Implementations must be
 * thread-safe and fast: they run inside event loops.
 */
@FunctionalInterface
public interface RuntimeListener {
    void onEvent(RuntimeEvent event);
}
