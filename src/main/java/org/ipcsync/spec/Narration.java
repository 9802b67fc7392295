package org.ipcsync.spec;

/**
 * How {@link Timeline} tells a counterexample of one model configuration: which vocabulary of
 * actions its module has and which threads make the sync calls. Immutable.
 *
 * @param story   the module's kind of wait, which fixes the lanes and the words of each step
 * @param callers the threads that call sendSync in this configuration
 */
public record Narration(Story story, Callers callers) {
    /** The action vocabulary of a module. A module with new kinds of steps adds a story here and in Timeline. */
    public enum Story {
        /** The caller spins processEvents() until done or its 2000 ms timer (NestedDispatch). */
        NESTED_LOOP,
        /** A receiver thread per pipe; the caller waits on a condition variable for 1000 ms (ThreadedSync). */
        RECEIVER_THREAD
    }

    /** Who makes the sync calls. */
    public enum Callers {
        /** Calls are posted to the camera manager thread, as upstream pipeline handlers do. */
        CAMERA_MANAGER,
        /** Calls are posted to one caller thread while the camera manager thread reads the sockets. */
        CALLER_THREAD,
        /** Each application thread calls sendSync itself. */
        APP_THREADS
    }

    /** The spec's name of the thread that runs posted calls ("cm" or "caller"). */
    String hostThread() {
        return switch (callers) {
            case CALLER_THREAD -> "caller";
            case CAMERA_MANAGER, APP_THREADS -> "cm";
        };
    }
}
