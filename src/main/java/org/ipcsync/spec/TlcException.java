package org.ipcsync.spec;

/** TLC could not check the model (parse, semantic or configuration error, crash); carries TLC's message. */
public class TlcException extends RuntimeException {
    public TlcException(String message) {
        super(message);
    }

    public TlcException(String message, Throwable cause) {
        super(message, cause);
    }
}
