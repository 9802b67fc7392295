package org.ipcsync.pipe;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.ConditionVariable;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;

/**
 * The proposed fix (libcamera patch under review, Dec 2024 - Sep 2025: {@code
 * IPCUnixSocketWrapper}), step by step: a receiver thread owns the socket, and a sync call blocks
 * its caller on a condition variable instead of running the caller's event loop. One condition
 * variable serves both "socket ready" and "reply in", notified with notify_one outside the mutex;
 * only one sync call may be pending per pipe (a second one is a programming error:
 * IllegalStateException, the patch's ASSERT); the caller waits 1000 ms.
 *
 * <p>Lock scopes, as the patch writes them (each is a separate step; see {@link #sendSync} and
 * {@link #readyRead}): a sync call's wait ends, the mutex is released, and only then is the result
 * tested; the timeout path locks again to clear the pending call and returns -ETIMEDOUT whatever
 * the receiver did in between, so a reply matched (and consumed) in that window is reported as a
 * timeout. {@link PipeObserver#syncWaitEnded} marks the window.
 *
 * <p>The worker: the patch keeps the pipeline's copy of the worker's socket end open for the
 * pipe's life (the wrapper's {@code fd_} member, closed when the wrapper is destroyed). A dead
 * worker is therefore invisible: sends go on succeeding into the socket buffer until it is full,
 * every sync call waits its full deadline, async messages vanish (measured in
 * {@code DeadWorkerSocketTest}). Teardown follows the destructors: the receiver thread is stopped
 * and joined (the socket is destroyed in it), the copy of the worker's end is closed, then the
 * worker is killed without waiting.
 *
 * <p>Threads: the socket and its notifier are created, used for receiving and destroyed in the
 * receiver thread, which also emits {@link #recv} (a bound receiver elsewhere gets it queued) and
 * calls {@link PipeObserver#replyReceived}/{@link PipeObserver#eventReceived}. {@link #sendSync}
 * and {@link #sendAsync} are safe from any thread (one sync call at a time); {@link #close} from
 * any thread but the receiver, once.
 */
public final class ThreadedPipe implements IPCPipe {
    /** The exit signal of a pipe whose worker never started: it never fires. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);
    /** How long the constructor waits for the receiver thread to report the socket ready. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final Duration timeout;
    private final PipeObserver observer;
    private final IPCUnixSocket.Framing framing;
    private final IPCUnixSocket.Reader reader;
    private final Signal<IPCMessage> recv = new Signal<>("recv");
    private final LoopThread receiver;

    /** The patch's {@code mutex_}. */
    private final ReentrantLock mutex = new ReentrantLock();
    /** The patch's {@code cv_}: notified once when the socket is ready, then once per matched reply. */
    private final ConditionVariable cv = new ConditionVariable();
    // Guarded by mutex.
    private boolean ready;
    private IPCUnixSocket socket;
    /** The pipeline's copy of the worker's end (the patch's {@code fd_}); open until close(). */
    private int peerFd = -1;
    private boolean pending;
    private int pendingCookie;
    private IPCMessage pendingResponse;

    private final PipeWorker worker;
    private final boolean connected;

    public ThreadedPipe(WorkerCommand command, PipeOptions options) {
        this.timeout = options.timeout() != null ? options.timeout() : DEFAULT_TIMEOUT;
        this.observer = options.observer();
        this.framing = options.framing();
        this.reader = options.reader();
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
            boolean isReady = cv.waitFor(mutex, READY_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS, () -> ready);
            peer = isReady ? peerFd : -1;
        } finally {
            mutex.unlock();
        }
        if (peer < 0) {
            System.err.println("ipcsync: ThreadedPipe: receiver thread did not get a socket ready");
        }
        worker = PipeWorker.spawn(command, peer, -1);
        connected = worker.started();
    }

    /** The receiver thread: create the socket here, report ready, run the loop, destroy it here. */
    private void receiverMain() {
        IPCUnixSocket s = new IPCUnixSocket(framing, reader);
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
        } finally {
            mutex.unlock();
        }
        cv.notifyOne();
        receiver.exec();
        s.close();
    }

    /**
     * The patch's {@code sendSync}, one step per block: (1) lock, refuse a second pending call,
     * record pending/cookie/response, unlock; (2) send outside the lock, a failure going to
     * cleanup with the send's error; (3) a scope that locks, runs {@code wait_for(timeout, !pending)}
     * and unlocks; then {@link PipeObserver#syncWaitEnded}; (4) not complete: cleanup locks again,
     * clears pending, unlocks, and returns -ETIMEDOUT even if the receiver matched the reply since
     * (3) ended.
     */
    @Override
    public int sendSync(IPCMessage in, IPCMessage out) {
        IPCMessage.Header request = in.header();
        IPCMessage response = new IPCMessage();
        IPCUnixSocket s;
        mutex.lock();
        try {
            if (pending) {
                throw new IllegalStateException("sync call " + request + " while call with cookie "
                        + Integer.toUnsignedString(pendingCookie) + " is pending: the threaded design allows one");
            }
            pending = true;
            pendingCookie = request.cookie();
            pendingResponse = response;
            s = socket;
        } finally {
            mutex.unlock();
        }
        observer.syncCallStarted(request);
        int ret;
        try {
            ret = s == null ? -Libc.ENOTCONN : s.send(PipeWorker.payload(in));
        } catch (IllegalArgumentException e) {
            // The kit's send refuses a bad payload by throwing, where libcamera's returns an error:
            // clear the pending call first, or every later call would trip the one-call check.
            clearPending();
            throw e;
        }
        if (ret == 0) {
            boolean complete;
            mutex.lock();
            try {
                complete = cv.waitFor(mutex, timeout.toNanos(), TimeUnit.NANOSECONDS, () -> !pending);
            } finally {
                mutex.unlock();
            }
            observer.syncWaitEnded(request, complete);
            if (complete) {
                out.set(response);
                observer.syncCallReturned(request, 0);
                return 0;
            }
            ret = -Libc.ETIMEDOUT;
        }
        // cleanup:
        clearPending();
        // A reply matched after the wait ended sits in the discarded response; the patch leaks its
        // fds (raw ints), the kit closes them.
        response.closeFds();
        observer.syncCallReturned(request, ret);
        return ret;
    }

    /** The patch's {@code cleanup:} critical section: lock, clear pending, unlock. */
    private void clearPending() {
        mutex.lock();
        try {
            pending = false;
        } finally {
            mutex.unlock();
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

    /**
     * The receiver thread, the patch's {@code readyRead}: receive; lock; if a call is pending and
     * the cookie matches, clear pending and move the payload into the caller's response; unlock;
     * then notify_one outside the mutex, as its own step. No match: emit. The observer's
     * replyReceived is called at the match, inside the critical section, so it is ordered exactly
     * against the caller's cleanup.
     */
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
        boolean syncComplete = false;
        mutex.lock();
        try {
            if (pending && message.header().cookie() == pendingCookie) {
                syncComplete = true;
                pending = false;
                pendingResponse.set(message);
                observer.replyReceived(message.header());
            }
        } finally {
            mutex.unlock();
        }
        if (syncComplete) {
            cv.notifyOne();
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
     * The patch's destructors in order: the wrapper stops and joins its thread (the socket is
     * destroyed in it), its copy of the worker's end is closed, then the Process is destroyed:
     * SIGKILL, no wait. Exit is the proxy's to send, before this.
     */
    @Override
    public void close() {
        receiver.exit();
        try {
            if (!receiver.waitFor(Duration.ofSeconds(5))) {
                System.err.println("ipcsync: ThreadedPipe: receiver thread did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int peer;
        mutex.lock();
        try {
            socket = null;
            ready = false;
            peer = peerFd;
            peerFd = -1;
        } finally {
            mutex.unlock();
        }
        if (peer >= 0) {
            Libc.close(peer);
        }
        worker.kill();
    }
}
