package org.ipcsync.cli;

/** Bad command-line input; reported as one line and exit status 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
