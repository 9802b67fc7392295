package org.ipcsync.cli;

/**
 * The exit statuses every {@code ./kit} command uses, and their one-line meanings for the
 * generated help. A command that never fails its check (simulate, bench) simply never returns
 * {@link #FAILED}.
 */
public final class ExitCodes {
    /** The command did what was asked and everything it checks is as expected. */
    public static final int OK = 0;
    /** The command ran and a check failed: a verdict differs, a self-test step failed. */
    public static final int FAILED = 1;
    /** Bad command line: one line saying why, then the command's usage, on stderr. */
    public static final int USAGE = 2;
    /** The kit could not complete (TLC could not check, a worker could not be built, I/O): message and trace on stderr. */
    public static final int ERROR = 3;

    static final String HEADING = "%nExit codes:%n";
    static final String OK_LINE = "0:success";
    static final String USAGE_LINE = "2:usage error (message and usage on stderr)";
    static final String ERROR_LINE = "3:could not complete (TLC, worker build or I/O failure; stack trace on stderr)";

    private ExitCodes() {}
}
