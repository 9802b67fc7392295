package org.ipcsync.pipe;

import java.time.Duration;

/**
 * Per-pipe settings. {@code timeout} null means the design's libcamera default;
 * {@code legacyFraming} makes the socket send header and data as two independent non-blocking
 * sends exactly like libcamera (so back-pressure can split them).
 */
public record PipeOptions(Duration timeout, PipeObserver observer, boolean legacyFraming) {
    public static PipeOptions defaults() {
        return new PipeOptions(null, PipeObserver.NONE, false);
    }

    public PipeOptions withTimeout(Duration t) {
        return new PipeOptions(t, observer, legacyFraming);
    }

    public PipeOptions withObserver(PipeObserver o) {
        return new PipeOptions(timeout, o, legacyFraming);
    }

    public PipeOptions withLegacyFraming(boolean legacy) {
        return new PipeOptions(timeout, observer, legacy);
    }
}
