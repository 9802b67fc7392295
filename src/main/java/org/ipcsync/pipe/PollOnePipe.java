package org.ipcsync.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.ConnectionType;
import org.ipcsync.runtime.FdPoll;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Signal;
import org.ipcsync.runtime.WrongThreadException;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The design raised in review of the threaded fix, "poll the one socket" (docs/designs.md,
 * {@code poll-one}): libcamera's {@code IPCPipeUnixSocket} with one change. {@link #sendSync}
 * does not run the thread's event loop; it sends, then calls poll() on its own socket's fd only,
 * with the time left to the 2000 ms deadline as poll's timeout, and reads one message per
 * wake-up. The pending call's cookie completes it; any other message (an IPA event, a stale
 * reply) is queued for the event path and poll is called again with what is left, unless the
 * deadline has passed (-ETIMEDOUT). A reply read after the deadline, because it came between the
 * last wake-up and the poll's timeout, still completes the call: the match is tested before the
 * deadline. Everything else of libcamera's is kept: the proxy's cookies from 0, matching by
 * cookie alone (an IPA event, cookie 0, completes the proxy's first call), a message matching no
 * pending call goes to {@link #recv}, libcamera's framing and reader.
 *
 * <p>Queued for normal dispatch: each message deferred during a call is posted to this thread as
 * a queued invocation ({@code Object::invokeMethod(..., ConnectionTypeQueued)} in libcamera), whose
 * slot emits {@link #recv}. Posting is what "the normal loop dispatches it" means in libcamera:
 * the message waits in the thread's queue, which sendSync never runs, and processEvents()
 * dispatches queued messages first, so after sendSync returns the deferred messages are handled
 * in arrival order, before anything the socket's notifier reads later. The notifier's next turn
 * would not do: it fires only when the socket has more to read, so an event deferred by the last
 * call of a sequence would wait for traffic that may never come. Every other source of the
 * thread (posted calls, other cameras' sockets, timers) waits for the loop as well.
 *
 * <p>The worker: as upstream, the pipeline's copy of the worker's socket end is closed once the
 * worker was spawned. A dead worker is not noticed by a pending call: the surviving end of a
 * datagram socketpair gets no POLLHUP or error from the peer's death, so poll(own fd) sleeps to
 * the deadline; the next send fails (-ECONNREFUSED, then -ENOTCONN). Teardown: the socket is
 * closed, deferred messages not yet delivered are dropped (their fds closed), then the worker is
 * killed without waiting.
 *
 * <p>Threads: the pipe belongs to the thread that created it (in scenarios the camera manager):
 * the socket and its notifier live there, {@link #sendSync} must be called there (it reads the
 * socket; another thread gets a {@link WrongThreadException}) and {@link #recv} is emitted
 * there, by the notifier between calls and by the posted invocations. {@link #sendAsync} is safe
 * from any thread; {@link #close} only from the owner thread.
 */
public final class PollOnePipe implements IPCPipe {
    /** The exit signal of a pipe whose worker never started: it never fires. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    private final IPCUnixSocket socket;
    private final PipeWorker worker;
    private final Duration timeout;
    private final PipeObserver observer;
    private final Signal<IPCMessage> recv = new Signal<>("recv");
    private final LoopThread owner;
    private final FdPoll poll = new FdPoll();
    /** Receives the posted deliveries of deferred messages; bound to the owner thread. */
    private final BoundObject deliverer = new BoundObject();
    /** Messages read during a call that were not its reply, oldest first; owner thread only. */
    private final ArrayDeque<IPCMessage> deferred = new ArrayDeque<>();
    private final boolean connected;

    public PollOnePipe(WorkerCommand command, PipeOptions options) {
        this.timeout = options.timeout() != null ? options.timeout() : DEFAULT_TIMEOUT;
        this.observer = options.observer();
        this.owner = LoopThread.current();
        this.socket = new IPCUnixSocket(options.framing(), options.reader());
        int peer = -1;
        try {
            peer = socket.create();
        } catch (IOException e) {
            System.err.println("ipcsync: PollOnePipe: failed to create socket: " + e.getMessage());
        }
        socket.readyRead.connect(v -> readyRead());
        socket.framingError.connect(observer::messageDropped);
        worker = PipeWorker.spawn(command, peer, -1);
        if (peer >= 0) {
            Libc.close(peer);
        }
        connected = worker.started();
    }

    @Override
    public int sendSync(IPCMessage in, IPCMessage out) {
        if (LoopThread.current() != owner) {
            throw new WrongThreadException("poll-one sendSync reads the pipe's socket: call it from "
                    + owner.name() + ", the thread that created the pipe");
        }
        IPCMessage.Header request = in.header();
        observer.syncCallStarted(request);
        int ret = call(request, in, out);
        observer.syncCallReturned(request, ret);
        return ret;
    }

    /**
     * The steps, as the model (spec/PollOne.tla) takes them: send; poll(own fd, time left)
     * returns; read one message; match, or defer it; the deadline test; return. The poll's
     * timeout is rounded up to the next millisecond so that it never ends before the deadline.
     */
    private int call(IPCMessage.Header request, IPCMessage in, IPCMessage out) {
        int ret = socket.send(PipeWorker.payload(in));
        if (ret != 0) {
            return ret;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(0, deadline - System.nanoTime());
            int revents = poll.poll(socket.fd(), Libc.POLLIN, (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            if (revents == 0) {
                return timedOut(request);
            }
            if ((revents & Libc.POLLIN) == 0) {
                // POLLERR/POLLHUP without data: never seen on a datagram socketpair (a dead peer
                // shows nothing), but polling again would spin until the deadline.
                observer.syncWaitEnded(request, false);
                return -Libc.EIO;
            }
            IPCMessage message = readOne();
            if (message != null) {
                if (message.header().cookie() == request.cookie()) {
                    observer.replyReceived(message.header());
                    observer.syncWaitEnded(request, true);
                    out.set(message);
                    return 0;
                }
                defer(message);
            }
            if (System.nanoTime() - deadline >= 0) {
                return timedOut(request);
            }
        }
    }

    private int timedOut(IPCMessage.Header request) {
        observer.syncWaitEnded(request, false);
        return -Libc.ETIMEDOUT;
    }

    /** One whole message off the socket, or null (none complete yet, too short, or dropped by the reader). */
    private IPCMessage readOne() {
        IPCUnixSocket.Payload payload;
        try {
            payload = socket.receiveNow();
        } catch (IPCUnixSocket.FramingException e) {
            return null; // reported through framingError
        }
        return payload == null ? null : decode(payload);
    }

    private IPCMessage decode(IPCUnixSocket.Payload payload) {
        IPCMessage message = IPCMessage.fromBytes(payload.data(), payload.fds());
        if (message == null) {
            for (int fd : payload.fds()) {
                Libc.close(fd);
            }
            observer.messageDropped("message of " + payload.length() + " bytes, shorter than its header");
        }
        return message;
    }

    /**
     * Hands a message that is not the pending call's reply to the event path: it is taken off the
     * socket now (the observer's eventReceived, as the other designs report the hand-over), and
     * emitted on recv when the loop dispatches the posted invocation.
     */
    private void defer(IPCMessage message) {
        observer.eventReceived(message.header());
        deferred.add(message);
        deliverer.invokeMethod("poll-one deferred recv", this::deliverDeferred, ConnectionType.QUEUED);
    }

    private void deliverDeferred() {
        IPCMessage message = deferred.poll();
        if (message != null) {
            recv.emit(message);
        }
    }

    @Override
    public int sendAsync(IPCMessage in) {
        return socket.send(PipeWorker.payload(in));
    }

    /** The notifier, between calls: no call is pending, so every message is an event (upstream's path). */
    private void readyRead() {
        IPCUnixSocket.Payload payload;
        try {
            payload = socket.receive();
        } catch (IPCUnixSocket.FramingException e) {
            return; // reported through framingError
        }
        IPCMessage message = decode(payload);
        if (message != null) {
            observer.eventReceived(message.header());
            recv.emit(message);
        }
    }

    @Override
    public Signal<IPCMessage> recv() {
        return recv;
    }

    @Override
    public Signal<Integer> workerExited() {
        return worker.exited;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /**
     * Upstream's destructor order (the proxy has sent Exit): the socket is closed, the deferred
     * deliveries are dropped with their fds, then SIGKILL, no wait.
     */
    @Override
    public void close() {
        socket.close();
        owner.removeMessages(deliverer);
        for (IPCMessage m : deferred) {
            m.closeFds();
        }
        deferred.clear();
        worker.kill();
    }
}
