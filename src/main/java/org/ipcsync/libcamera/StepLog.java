package org.ipcsync.libcamera;

import java.io.PrintStream;

/** Prints one {@code PASS}/{@code FAIL} line per step and remembers whether any failed. Not thread-safe. */
public final class StepLog {
    private final PrintStream out;
    private final String prefix;
    private int failures;

    public StepLog(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** {@code failure} null means the step passed; returns whether it did. */
    public boolean step(String what, String failure) {
        out.printf("%s  %s%s%s%n", failure == null ? "PASS" : "FAIL", prefix, what, failure == null ? "" : ": " + failure);
        if (failure != null) {
            failures++;
        }
        return failure == null;
    }

    public void note(String text) {
        out.printf("      %s%s%n", prefix, text);
    }

    public boolean passed() {
        return failures == 0;
    }
}
