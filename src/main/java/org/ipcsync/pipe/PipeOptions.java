package org.ipcsync.pipe;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.ipcsync.wire.IPCUnixSocket;

/**
 * Per-pipe settings. {@code timeout} null means the design's libcamera default. {@code framing}
 * and {@code reader} choose the socket's send and receive behaviour: the defaults are libcamera's
 * own (header and data as two independent non-blocking sends; a reader that trusts the header),
 * which the faithful designs must use; {@link IPCUnixSocket.Framing#SAFE} and
 * {@link IPCUnixSocket.Reader#STRICT} are the kit's stricter behaviours. The reference design
 * always frames with {@link IPCUnixSocket.Framing#QUEUED} (its own mechanism), unless
 * {@code mutations} says otherwise; {@code mutations} only concern the reference design.
 */
public record PipeOptions(Duration timeout, PipeObserver observer, IPCUnixSocket.Framing framing,
        IPCUnixSocket.Reader reader, Set<Mutation> mutations) {
    /**
     * Named ways to break the reference design, one per mechanism it adds, so a test can show that
     * the property each mechanism exists for catches its absence. Other designs ignore them.
     */
    public enum Mutation {
        /** The proxy's counter starts at 0 again, so the first call shares cookie 0 with IPA events. */
        COOKIE_ZERO,
        /** A reply that matches no pending call goes to the event path, as libcamera's does. */
        STALE_REPLIES_AS_EVENTS,
        /** The worker's exit is not watched: a pending call waits for its deadline. */
        NO_FAIL_FAST,
        /** libcamera's framing: two independent non-blocking sends, split or refused when the socket is full. */
        LIBCAMERA_FRAMING;

        /** The name a command line uses: lower case, dashes. */
        public String cliName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public PipeOptions {
        mutations = mutations.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(mutations));
    }

    public static PipeOptions defaults() {
        return new PipeOptions(null, PipeObserver.NONE, IPCUnixSocket.Framing.LIBCAMERA,
                IPCUnixSocket.Reader.LIBCAMERA, Set.of());
    }

    public PipeOptions withMutations(Set<Mutation> m) {
        return new PipeOptions(timeout, observer, framing, reader, m);
    }

    public boolean mutated(Mutation m) {
        return mutations.contains(m);
    }

    public PipeOptions withTimeout(Duration t) {
        return new PipeOptions(t, observer, framing, reader, mutations);
    }

    public PipeOptions withObserver(PipeObserver o) {
        return new PipeOptions(timeout, o, framing, reader, mutations);
    }

    public PipeOptions withFraming(IPCUnixSocket.Framing f) {
        return new PipeOptions(timeout, observer, f, reader, mutations);
    }

    public PipeOptions withReader(IPCUnixSocket.Reader r) {
        return new PipeOptions(timeout, observer, framing, r, mutations);
    }
}
