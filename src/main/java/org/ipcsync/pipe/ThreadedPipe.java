package org.ipcsync.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The proposed fix (libcamera patch under review, Dec 2024 - Sep 2025): a receiver thread owns
 * the socket, and a sync call blocks its caller on a condition variable instead of running the
 * caller's event loop. Faithful to the patch: one condition variable serves both "socket ready"
 * and "reply in" and is signalled with notify_one; only one sync call may be pending per pipe (a
 * second one is a programming error: IllegalStateException); the caller waits 1000 ms. A dead
 * worker is not noticed: the call times out.
 *
 * <p>Threads: the socket and its notifier are created, used for receiving and destroyed in the
 * receiver thread, which also emits {@link #recv} (a bound receiver elsewhere gets it queued).
 * {@link #sendSync} and {@link #sendAsync} are safe from any thread; {@link #close} from any
 * thread but the receiver.
 */
public final class ThreadedPipe implements IPCPipe {
    /** The exit signal of a pipe whose worker never started: it never fires. */
    private static final Signal<Integer> NO_WORKER = new Signal<>("finished");
    public static final String NAME = "threaded";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
    /** How long the constructor waits for the receiver thread to report the socket ready. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final Duration timeout;
    private final PipeObserver observer;
    private final boolean legacyFraming;
    private final Signal<IPCMessage> recv = new Signal<>("recv");
    private final LoopThread receiver;

    private final ReentrantLock mutex = new ReentrantLock();
    /** Signalled once when the socket is ready, then once per completed sync call. */
    private final Condition cv = mutex.newCondition();
    // Guarded by mutex.
    private boolean ready;
    private IPCUnixSocket socket;
    private int peerFd = -1;
    private boolean pending;
    private int pendingCookie;
    private IPCMessage pendingOut;

    private final PipeWorker worker;
    private final boolean connected;

    public ThreadedPipe(WorkerCommand command, PipeOptions options) {
        this.timeout = options.timeout() != null ? options.timeout() : DEFAULT_TIMEOUT;
        this.observer = options.observer();
        this.legacyFraming = options.legacyFraming();
        this.receiver = new LoopThread("ipc-receiver") {
            @Override
            protected void run() {
                receiverMain();
            }
        };
        receiver.start();
        int peer;
        mutex.lock();
        try {
            long left = READY_TIMEOUT.toNanos();
            while (!ready && left > 0) {
                left = awaitUninterruptibly(left);
            }
            peer = ready ? peerFd : -1;
        } finally {
            mutex.unlock();
        }
        if (peer < 0) {
            System.err.println("ipcsync: ThreadedPipe: receiver thread did not get a socket ready");
        }
        worker = peer < 0 ? null : new PipeWorker(command, peer);
        connected = worker != null && worker.started();
    }

    /** The receiver thread: create the socket here, report ready, run the loop, destroy it here. */
    private void receiverMain() {
        IPCUnixSocket s = new IPCUnixSocket(legacyFraming);
        int peer;
        try {
            peer = s.create();
        } catch (IOException e) {
            System.err.println("ipcsync: ThreadedPipe: failed to create socket: " + e.getMessage());
            return;
        }
        s.readyRead.connect(v -> readyRead(s));
        s.framingError.connect(observer::messageDropped);
        mutex.lock();
        try {
            socket = s;
            peerFd = peer;
            ready = true;
            cv.signal();
        } finally {
            mutex.unlock();
        }
        receiver.exec();
        s.close();
    }

    @Override
    public int sendSync(IPCMessage in, IPCMessage out) {
        IPCMessage.Header request = in.header();
        IPCUnixSocket s;
        mutex.lock();
        try {
            if (pending) {
                throw new IllegalStateException("sync call " + request + " while call with cookie "
                        + Integer.toUnsignedString(pendingCookie) + " is pending: the threaded design allows one");
            }
            pending = true;
            pendingCookie = request.cookie();
            pendingOut = out;
            s = socket;
        } finally {
            mutex.unlock();
        }
        observer.syncCallStarted(request);
        int ret = s == null ? -Libc.ENOTCONN : s.send(PipeWorker.payload(in));
        mutex.lock();
        try {
            if (ret == 0) {
                long left = timeout.toNanos();
                while (pending && left > 0) {
                    left = awaitUninterruptibly(left);
                }
                if (pending) {
                    ret = -Libc.ETIMEDOUT;
                }
            }
            pending = false;
            pendingOut = null;
        } finally {
            mutex.unlock();
        }
        observer.syncCallReturned(request, ret);
        return ret;
    }

    /** cv.awaitNanos that finishes its wait when interrupted (std::condition_variable cannot be). */
    private long awaitUninterruptibly(long nanos) {
        long deadline = System.nanoTime() + nanos;
        try {
            return cv.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return deadline - System.nanoTime();
        }
    }

    @Override
    public int sendAsync(IPCMessage in) {
        IPCUnixSocket s;
        mutex.lock();
        try {
            s = socket;
        } finally {
            mutex.unlock();
        }
        return s == null ? -Libc.ENOTCONN : s.send(PipeWorker.payload(in));
    }

    /** The receiver thread: hand the pending call its reply, emit everything else. */
    private void readyRead(IPCUnixSocket s) {
        IPCUnixSocket.Payload payload;
        try {
            payload = s.receive();
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
        mutex.lock();
        try {
            if (pending && message.header().cookie() == pendingCookie) {
                observer.replyReceived(message.header());
                pendingOut.set(message);
                pending = false;
                cv.signal();
                return;
            }
        } finally {
            mutex.unlock();
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
        return worker != null ? worker.exited : NO_WORKER;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public String design() {
        return NAME;
    }

    @Override
    public void close() {
        IPCUnixSocket s;
        mutex.lock();
        try {
            s = socket;
            socket = null;
        } finally {
            mutex.unlock();
        }
        if (worker != null && s != null) {
            worker.shutDown(s);
        }
        receiver.exit();
        try {
            if (!receiver.waitFor(Duration.ofSeconds(5))) {
                System.err.println("ipcsync: ThreadedPipe: receiver thread did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
