package org.ipcsync.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Signal;
import org.ipcsync.runtime.Timer;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * libcamera's {@code IPCPipeUnixSocket}, the legacy design, bugs included: a sync call spins the
 * calling thread's event loop until its reply is in or its 2 s timer stopped running, so calls
 * nest, wake-ups meant for an outer call are consumed by an inner one, and a caller in another
 * thread than the socket's is never woken by its reply. A late reply is emitted on {@link #recv}.
 *
 * <p>The worker: like upstream's constructor, the pipeline's copy of the worker's socket end is
 * closed once the worker was spawned (a {@code UniqueFD} local that goes out of scope), so the
 * worker holds the only reference. A dead worker is still not noticed by a pending call: a
 * datagram socket shows no readable event when its peer dies, so the call waits to its deadline;
 * the next send fails (-ECONNREFUSED, then -ENOTCONN), and the kernel purges this socket's
 * unread datagrams on that failure (measured in {@code DeadWorkerSocketTest}). Teardown follows
 * the destructor: the socket is closed, then the worker is killed without waiting.
 *
 * <p>Threads: the socket and its notifier live in the creating thread, where replies and events
 * are taken off the socket and {@link #recv} is emitted. {@link #sendSync} and {@link #sendAsync}
 * may be called from any thread, as in libcamera (sendSync runs the caller's loop);
 * {@link #close} only from the creating thread.
 */
public final class NestedPipe implements IPCPipe {
    /** The exit signal of a pipe whose worker never started: it never fires. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(2000);

    /**
     * A pending call. libcamera writes {@code done} from the socket's thread without a lock and
     * without waking the caller; volatile only gives Java the visibility C++ gets by accident.
     */
    private static final class CallData {
        volatile IPCMessage response;
        volatile boolean done;
    }

    private final IPCUnixSocket socket;
    private final PipeWorker worker;
    private final Duration timeout;
    private final PipeObserver observer;
    private final Signal<IPCMessage> recv = new Signal<>("recv");
    /** cookie -> pending call; written by callers, read by the socket's thread (a std::map upstream). */
    private final Map<Integer, CallData> callData = new ConcurrentHashMap<>();
    private final boolean connected;

    public NestedPipe(WorkerCommand command, PipeOptions options) {
        this.timeout = options.timeout() != null ? options.timeout() : DEFAULT_TIMEOUT;
        this.observer = options.observer();
        this.socket = new IPCUnixSocket(options.framing(), options.reader());
        int peer = -1;
        try {
            peer = socket.create();
        } catch (IOException e) {
            System.err.println("ipcsync: NestedPipe: failed to create socket: " + e.getMessage());
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
        IPCMessage.Header request = in.header();
        observer.syncCallStarted(request);
        int ret = call(request, in, out);
        observer.syncCallReturned(request, ret);
        return ret;
    }

    /**
     * libcamera's {@code call()}. {@link PipeObserver#syncWaitEnded} is called where the loop has
     * decided: after it saw its timer stopped and before it erases the entry and returns
     * -ETIMEDOUT, or once it saw {@code done}. That is the same window as the threaded design's
     * (between the end of the wait and the cleanup): when the socket is read by the calling thread,
     * nothing can land in it, because only this thread's processEvents() takes replies off the
     * socket; when the caller is another thread, the socket's thread can set {@code done} there
     * and the call still returns -ETIMEDOUT.
     */
    private int call(IPCMessage.Header request, IPCMessage in, IPCMessage out) {
        int cookie = request.cookie();
        // std::map::insert keeps an existing entry: a second call with a live cookie shares it.
        CallData call = callData.computeIfAbsent(cookie, c -> new CallData());
        int ret = socket.send(PipeWorker.payload(in));
        if (ret != 0) {
            callData.remove(cookie);
            return ret;
        }
        Timer timer = new Timer();
        timer.start(timeout);
        try {
            while (!call.done) {
                if (!timer.isRunning()) {
                    observer.syncWaitEnded(request, false);
                    callData.remove(cookie);
                    // A reply matched since the loop's last check (another thread reads the socket)
                    // is dropped here; libcamera leaks its fds (raw ints), the kit closes them.
                    IPCMessage late = call.response;
                    if (late != null) {
                        late.closeFds();
                    }
                    return -Libc.ETIMEDOUT;
                }
                LoopThread.current().eventDispatcher().processEvents();
            }
        } finally {
            timer.stop();
        }
        observer.syncWaitEnded(request, true);
        callData.remove(cookie);
        out.set(call.response);
        return 0;
    }

    @Override
    public int sendAsync(IPCMessage in) {
        return socket.send(PipeWorker.payload(in));
    }

    /** The socket's thread: a reply completes its call silently, anything else is an event. */
    private void readyRead() {
        IPCUnixSocket.Payload payload;
        try {
            payload = socket.receive();
        } catch (IPCUnixSocket.FramingException e) {
            return; // reported through framingError
        }
        IPCMessage message = IPCMessage.fromBytes(payload.data(), payload.fds());
        if (message == null) {
            for (int fd : payload.fds()) {
                Libc.close(fd);
            }
            observer.messageDropped("message of " + payload.length() + " bytes, shorter than its header");
            return;
        }
        CallData call = callData.get(message.header().cookie());
        if (call != null) {
            observer.replyReceived(message.header());
            call.response = message;
            call.done = true;
            return;
        }
        observer.eventReceived(message.header());
        recv.emit(message);
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
     * Upstream's destructor order: the socket member is destroyed (closed), then the Process
     * member: SIGKILL, no wait. Exit is the proxy's to send, before this.
     */
    @Override
    public void close() {
        socket.close();
        worker.kill();
    }
}
