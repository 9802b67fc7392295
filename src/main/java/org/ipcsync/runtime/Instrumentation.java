package org.ipcsync.runtime;

import java.util.Arrays;

/**
 * Global registry of {@link RuntimeListener}s. With no listener registered the runtime pays one
 * volatile read per hook and allocates nothing. Safe to use from any thread.
 */
public final class Instrumentation {
    private static final RuntimeListener[] NONE = new RuntimeListener[0];
    private static volatile RuntimeListener[] listeners = NONE;

    private Instrumentation() {}

    /** Registers {@code listener}; closing the returned handle removes it. */
    public static synchronized AutoCloseable add(RuntimeListener listener) {
        RuntimeListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[next.length - 1] = listener;
        listeners = next;
        return () -> remove(listener);
    }

    private static synchronized void remove(RuntimeListener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(RuntimeListener[]::new);
    }

    static boolean enabled() {
        return listeners.length != 0;
    }

    static void emit(RuntimeEvent.Kind kind, int depth, Object subject, Object detail) {
        RuntimeListener[] current = listeners;
        if (current.length == 0) {
            return;
        }
        java.lang.Thread t = java.lang.Thread.currentThread();
        RuntimeEvent event = new RuntimeEvent(kind, System.nanoTime(), t.getId(), t.getName(), depth, subject, detail);
        for (RuntimeListener l : current) {
            l.onEvent(event);
        }
    }
}
