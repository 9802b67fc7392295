package org.ipcsync.pipe;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.EventNotifier;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Signal;
import org.ipcsync.runtime.Timer;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The completion-based sync call both {@code async} and {@code reference} are made of (see
 * docs/designs.md): a call sends its request, records {@code {cookie, completion, deadline
 * timer}} as pending and returns to the loop; the socket's read notifier completes the pending
 * call whose cookie a message carries, the call's {@link Timer} completes it with -ETIMEDOUT. The
 * owning thread never blocks and never runs its loop from inside a call. Each subclass fixes
 * {@link Features}: what the reference design adds to the reviewers' async design.
 *
 * <p>Steps, in the order both layers take them. {@link #call}: syncCallStarted; a dead worker
 * (fail-fast) fails the call at once with -ENOTCONN; record pending; send (failure: unrecord,
 * return the error); start the timer; callPending. Reply: receive; look the cookie up; match:
 * stop the timer, unrecord, replyReceived, syncWaitEnded(complete), store the reply,
 * syncCallReturned(0), complete; no match: non-zero cookie with stale dropping: count and drop;
 * otherwise eventReceived and emit on {@link #recv}. Timer: syncWaitEnded(incomplete), unrecord,
 * syncCallReturned(-ETIMEDOUT), complete. Death (fail-fast): read the rest of stderr, take the exit
 * status, fail every pending call in cookie order with -ENOTCONN.
 *
 * <p>Threads: the socket, its notifiers, the timers and the pending set live in the thread that
 * created the pipe (the owner; the camera manager in scenarios), where {@link #recv} is emitted
 * and every completion runs. {@link #call}, {@link #sendAsync} and {@link #close} only there.
 * {@link #sendSync} from any thread: from another thread it starts the call in the owner (a
 * blocking invocation) and waits for the completion; from the owner itself it runs the owner's
 * loop until the call completes, which is libcamera's nesting and exists only for single-threaded
 * tools (benchmarks, self-tests), never for the scenario engine.
 */
public abstract class RequestPipe extends BoundObject implements IPCPipe {
    /** The exit signal of a pipe whose worker never started: it never fires. */

    /** What sets the reference design apart from the reviewers' async design. */
    record Features(boolean cookieZeroReserved, boolean dropStaleReplies, boolean failFast,
                    IPCUnixSocket.Framing framing) {}

    /** A call between its send and its completion. Owner thread only. */
    private static final class Pending {
        final IPCMessage.Header request;
        final IPCMessage out;
        final CompletableFuture<Integer> done = new CompletableFuture<>();
        final Timer timer = new Timer();

        Pending(IPCMessage.Header request, IPCMessage out) {
            this.request = request;
            this.out = out;
        }
    }

    private final String name;
    private final Features features;
    private final Duration timeout;
    private final PipeObserver observer;
    private final IPCUnixSocket socket;
    private final PipeWorker worker;
    private final boolean connected;
    private final Signal<IPCMessage> recv = new Signal<>("recv");
    /** cookie -> pending call, in send order. Owner thread only. */
    private final Map<Integer, Pending> pending = new LinkedHashMap<>();
    /** Fail-fast only: the worker's stderr and its exit, watched in the owner's loop. */
    private final WorkerStderr stderr;
    private EventNotifier exitNotifier;
    private int pidFd = -1;
    /** Set once the worker's death was seen (fail-fast); every later call fails with it. Owner thread only. */
    private WorkerDeath death;
    /** Set by close(): a worker exit still queued to this thread is no death to report. Owner thread only. */
    private boolean closed;
    /** Replies dropped because no call waited for them any more. Owner writes; volatile for readers. */
    private volatile long staleReplies;

    RequestPipe(String name, Features features, Duration defaultTimeout, WorkerCommand command,
                PipeOptions options) {
        this.name = name;
        this.features = features;
        this.timeout = options.timeout() != null ? options.timeout() : defaultTimeout;
        this.observer = options.observer();
        this.socket = new IPCUnixSocket(features.framing(), options.reader());
        int peer = -1;
        try {
            peer = socket.create();
        } catch (IOException e) {
            System.err.println("ipcsync: " + name + " pipe: failed to create socket: " + e.getMessage());
        }
        socket.readyRead.connect(v -> readyRead());
        socket.framingError.connect(observer::messageDropped);
        WorkerStderr err = null;
        if (features.failFast() && peer >= 0) {
            try {
                err = WorkerStderr.open();
            } catch (IOException e) {
                System.err.println("ipcsync: " + name + " pipe: " + e.getMessage() + "; the worker keeps our stderr");
            }
        }
        stderr = err;
        worker = PipeWorker.spawn(command, peer, err == null ? -1 : err.writeEnd());
        if (peer >= 0) {
            // As libcamera's constructor: the worker holds the only copy of its end.
            Libc.close(peer);
        }
        connected = worker.started();
        if (stderr != null) {
            stderr.spawned();
        }
        if (features.failFast() && connected) {
            watchExit();
        }
    }

    /**
     * The worker's exit, seen in this loop: a pidfd (readable once the process is dead) when the
     * kernel has pidfd_open, and the worker's finished signal queued to this thread besides (the
     * watcher thread's path), whichever comes first.
     */
    private void watchExit() {
        try {
            // Close-on-exec by definition (pidfd_open(2)).
            pidFd = Libc.syscall(Libc.SYS_PIDFD_OPEN, worker.pid(), 0);
            exitNotifier = new EventNotifier(pidFd, EventNotifier.Type.READ);
            exitNotifier.activated.connect(v -> workerExited(null));
        } catch (LastErrorException e) {
            System.err.println("ipcsync: " + name + " pipe: pidfd_open failed (" + Errno.describe(e)
                    + "); the worker's exit is seen through its watcher thread only");
            pidFd = -1;
        }
        worker.exited.connect(this, this::workerExited);
    }

    @Override
    public CompletableFuture<Integer> call(IPCMessage in, IPCMessage out) {
        assertThreadBound(name + " pipe: call() runs in the pipe's thread");
        IPCMessage.Header request = in.header();
        observer.syncCallStarted(request);
        if (death != null) {
            return failAtOnce(request, -Libc.ENOTCONN);
        }
        if (pending.containsKey(request.cookie())) {
            throw new IllegalStateException(name + " pipe: a call with cookie "
                    + Integer.toUnsignedString(request.cookie()) + " is already pending");
        }
        Pending p = new Pending(request, out);
        pending.put(request.cookie(), p);
        int ret = socket.send(PipeWorker.payload(in));
        if (ret != 0) {
            pending.remove(request.cookie());
            return failAtOnce(request, ret);
        }
        p.timer.timeout.connect(v -> expired(p));
        p.timer.start(timeout);
        observer.callPending(request);
        return p.done;
    }

    private CompletableFuture<Integer> failAtOnce(IPCMessage.Header request, int status) {
        observer.syncCallReturned(request, status);
        return CompletableFuture.completedFuture(status);
    }

    /** The call's deadline passed in the loop before any reply: -ETIMEDOUT. */
    private void expired(Pending p) {
        observer.syncWaitEnded(p.request, false);
        pending.remove(p.request.cookie());
        complete(p, -Libc.ETIMEDOUT);
    }

    private void complete(Pending p, int status) {
        p.timer.timeout.disconnectAll();
        observer.syncCallReturned(p.request, status);
        p.done.complete(status);
    }

    /** The socket's read notifier (owner thread): a reply completes its call, anything else is an event. */
    private void readyRead() {
        IPCUnixSocket.Payload payload;
        try {
            payload = socket.receive();
        } catch (IPCUnixSocket.FramingException e) {
            return; // reported through framingError
        }
        handle(payload);
    }

    /**
     * What the worker sent before it died, still in the socket: read before the pending calls
     * fail, so a reply already sent completes its call (the model's ReadBeforeFail).
     */
    private void readWhatIsLeft() {
        while (true) {
            IPCUnixSocket.Payload payload;
            try {
                payload = socket.receiveNow();
            } catch (IPCUnixSocket.FramingException e) {
                continue; // reported through framingError; the next datagram may still be whole
            }
            if (payload == null) {
                return;
            }
            handle(payload);
        }
    }

    private void handle(IPCUnixSocket.Payload payload) {
        IPCMessage message = IPCMessage.fromBytes(payload.data(), payload.fds());
        if (message == null) {
            for (int fd : payload.fds()) {
                Libc.close(fd);
            }
            observer.messageDropped("message of " + payload.length() + " bytes, shorter than its header");
            return;
        }
        IPCMessage.Header h = message.header();
        Pending p = pending.remove(h.cookie());
        if (p != null) {
            p.timer.stop();
            observer.replyReceived(h);
            observer.syncWaitEnded(p.request, true);
            p.out.set(message);
            complete(p, 0);
            return;
        }
        if (h.cookie() != 0 && features.dropStaleReplies()) {
            staleReplies++;
            observer.staleReplyDropped(h);
            message.closeFds();
            return;
        }
        observer.eventReceived(h);
        recv.emit(message);
    }

    /**
     * The worker died (owner thread; from the pidfd, or the watcher thread's queued signal with
     * the status, whichever is first). Reads what the worker sent before dying, then fails every
     * call still pending with -ENOTCONN, in send order.
     */
    private void workerExited(Integer statusFromWatcher) {
        if (death != null || !worker.started() || closed) {
            return;
        }
        if (exitNotifier != null) {
            exitNotifier.close();
        }
        if (stderr != null) {
            stderr.drain();
        }
        readWhatIsLeft();
        var exit = worker.exitNow();
        death = new WorkerDeath(worker.pid(), exit, stderr == null ? "" : stderr.tail(5));
        observer.workerDied(death.describe());
        List<Pending> failed = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : failed) {
            p.timer.stop();
            observer.syncWaitEnded(p.request, false);
            complete(p, -Libc.ENOTCONN);
        }
    }

    /** The worker's death as this pipe saw it, or null (while it runs, or when the design does not watch). */
    public WorkerDeath death() {
        return death;
    }

    /** Replies that came after their call had completed and were dropped (reference design). */
    public long staleReplies() {
        return staleReplies;
    }

    /** The last lines the worker wrote to stderr so far (fail-fast designs capture it; others: empty). Owner thread. */
    public String stderrTail() {
        return stderr == null ? "" : stderr.tail(5);
    }

    /** The worker's pid, or -1 when it did not start. */
    public int workerPid() {
        return worker.pid();
    }

    /** Calls still waiting for a reply. Owner thread. */
    public int pendingCalls() {
        return pending.size();
    }

    @Override
    public int sendSync(IPCMessage in, IPCMessage out) {
        if (LoopThread.current() != thread()) {
            CompletableFuture<Integer> f = invokeMethod(name + " sendSync", () -> call(in, out),
                    org.ipcsync.runtime.ConnectionType.BLOCKING);
            return f.join();
        }
        CompletableFuture<Integer> f = call(in, out);
        while (!f.isDone()) {
            thread().eventDispatcher().processEvents();
        }
        return f.join();
    }

    @Override
    public int sendAsync(IPCMessage in) {
        assertThreadBound(name + " pipe: sendAsync() runs in the pipe's thread");
        if (death != null) {
            return -Libc.ENOTCONN;
        }
        return socket.send(PipeWorker.payload(in));
    }

    @Override
    public boolean cookieZeroReserved() {
        return features.cookieZeroReserved();
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

    /** The socket's framing (queued for the reference design). */
    IPCUnixSocket socket() {
        return socket;
    }

    /**
     * libcamera's order (the proxy has sent Exit): the socket is closed, then the worker killed without waiting.
     * Calls still pending complete with -ENOTCONN first, so nothing waits on a pipe that is gone.
     */
    @Override
    public void close() {
        assertThreadBound(name + " pipe: close() runs in the pipe's thread");
        if (closed) {
            return;
        }
        closed = true;
        worker.exited.disconnect(this);
        List<Pending> open = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : open) {
            p.timer.stop();
            complete(p, -Libc.ENOTCONN);
        }
        socket.close();
        if (exitNotifier != null) {
            exitNotifier.close();
            exitNotifier = null;
        }
        if (pidFd >= 0) {
            Libc.close(pidFd);
            pidFd = -1;
        }
        if (stderr != null) {
            stderr.close();
        }
        worker.kill();
    }
}
