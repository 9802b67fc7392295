package org.ipcsync.pipe;

import java.time.Duration;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The {@code async} design as reviewers proposed it (docs/designs.md): a sync IPA call becomes a
 * request with a completion; the camera manager thread sends it, records it as pending with a
 * deadline {@link org.ipcsync.runtime.Timer} and goes back to its loop, whose socket notifier or
 * timer completes it. Nothing else changes from libcamera: the proxy's cookie counter starts at 0,
 * replies are matched by cookie alone, anything unmatched (IPA events, replies that came too late)
 * goes to {@link #recv}, messages use libcamera's two-send framing, the deadline is 2000 ms and
 * the worker's death is not watched (a pending call waits for its deadline; later sends fail once
 * the socket sees the peer gone, as for {@link NestedPipe}). Steps and threads: {@link RequestPipe}.
 */
public final class AsyncPipe extends RequestPipe {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    public AsyncPipe(WorkerCommand command, PipeOptions options) {
        super("async", new Features(false, false, false, IPCUnixSocket.Framing.LIBCAMERA), DEFAULT_TIMEOUT, command,
                options);
    }
}
