package org.ipcsync.pipe;

import java.time.Duration;
import org.ipcsync.wire.IPCUnixSocket;

/**
 * Per-pipe settings. {@code timeout} null means the design's libcamera default. {@code framing}
 * and {@code reader} choose the socket's send and receive behaviour: the defaults are libcamera's
 * own (header and data as two independent non-blocking sends; a reader that trusts the header),
 * which the faithful designs must use; {@link IPCUnixSocket.Framing#SAFE} and
 * {@link IPCUnixSocket.Reader#STRICT} are the kit's stricter behaviours, for a reference design.
 */
public record PipeOptions(Duration timeout, PipeObserver observer, IPCUnixSocket.Framing framing,
        IPCUnixSocket.Reader reader) {
    public static PipeOptions defaults() {
        return new PipeOptions(null, PipeObserver.NONE, IPCUnixSocket.Framing.LIBCAMERA,
                IPCUnixSocket.Reader.LIBCAMERA);
    }

    public PipeOptions withTimeout(Duration t) {
        return new PipeOptions(t, observer, framing, reader);
    }

    public PipeOptions withObserver(PipeObserver o) {
        return new PipeOptions(timeout, o, framing, reader);
    }

    public PipeOptions withFraming(IPCUnixSocket.Framing f) {
        return new PipeOptions(timeout, observer, f, reader);
    }

    public PipeOptions withReader(IPCUnixSocket.Reader r) {
        return new PipeOptions(timeout, observer, framing, r);
    }
}
