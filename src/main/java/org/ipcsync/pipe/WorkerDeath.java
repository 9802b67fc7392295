package org.ipcsync.pipe;

import org.ipcsync.worker.WorkerProcess;

/**
 * What a fail-fast pipe knows about its worker's death, and the error its calls fail with:
 * the worker's pid, how it ended (exit status or signal) and the last lines it wrote to stderr.
 * Immutable.
 */
public record WorkerDeath(int pid, WorkerProcess.Exit exit, String stderrTail) {
    /** One message for a log or an exception: pid, status or signal, then the stderr tail indented. */
    public String describe() {
        String how = exit == null ? "died" : exit.describe();
        return "IPA worker " + pid + " " + how + (stderrTail.isEmpty() ? " (nothing on its stderr)"
                : "; its stderr ended with:\n    " + stderrTail.replace("\n", "\n    "));
    }
}
