package org.ipcsync.spec;

/** TLC ran out of the time its options allow: the model is too large for that budget, not broken. */
public final class TlcTimeoutException extends TlcException {
    public TlcTimeoutException(String message) {
        super(message);
    }
}
