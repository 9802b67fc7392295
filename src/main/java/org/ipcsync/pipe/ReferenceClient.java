package org.ipcsync.pipe;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.ConnectionType;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;

/**
 * The reference pipe as a library: an isolated worker process and the {@link ReferencePipe} that
 * talks to it, run by a loop thread of the client's own, for applications that are not built on
 * the kit's runtime.
 *
 * <h2>What a caller constructs</h2>
 * {@link #start(WorkerCommand, Duration)} spawns the worker as {@code <executable> <modulePath>
 * <fd>} (the fd is its end of a datagram socketpair carrying libcamera's IPC framing) and starts
 * the client's loop thread, which owns the socket, the deadline timers and the watch on the
 * worker's exit. Close the client when done: it sends the worker Exit, kills it, and stops the
 * loop thread; calls still pending fail with {@link IpcCallException.Kind#CLOSED}.
 *
 * <h2>Which thread calls what</h2>
 * <ul>
 *   <li>{@link #call} and {@link #send}: any thread. The request is on the wire (or queued whole
 *       by the pipe's framing, with copies of the fds) when they return, so the caller may close
 *       its fds then. The client numbers calls itself: cookies start at 1 and never use 0, which
 *       belongs to the worker's events.</li>
 *   <li>The {@link CompletionStage} of a call completes in the client's loop thread: a dependent
 *       action added with a non-async method runs there and must not block it (use the
 *       {@code ...Async} methods, or {@link #callBlocking}, to wait).</li>
 *   <li>{@link #callBlocking}: any thread except the client's loop thread (it would wait for
 *       itself); it blocks only the calling thread.</li>
 *   <li>{@link #onEvent} listeners run in the loop thread, in the order the worker sent the
 *       events; a reply whose call already completed (timed out) is dropped and counted
 *       ({@link #staleReplies}), never delivered as an event.</li>
 *   <li>{@link #close}: any thread except the loop thread, once.</li>
 * </ul>
 *
 * <h2>What each error means</h2>
 * A call fails with an {@link IpcCallException} whose {@link IpcCallException#kind()} says why:
 * {@code TIMEOUT} (no reply within the client's deadline; the worker may still answer later, and
 * that reply is dropped), {@code WORKER_DIED} (the worker exited or was killed; every pending call
 * fails this way within milliseconds of the death, not at its deadline, and so does every later
 * call; {@link IpcCallException#death()} carries the exit status or signal and the last lines of
 * the worker's stderr), {@code SEND_FAILED} (the socket refused the request:
 * {@link IpcCallException#errno()}), {@code CLOSED} (the client was closed first).
 */
public final class ReferenceClient implements AutoCloseable {
    private final LoopThread loop;
    /** Lives in the loop thread: what cross-thread work is posted to. */
    private final BoundObject anchor;
    private final ReferencePipe pipe;
    /** The next cookie; only the loop thread touches it. Starts at 1, skips 0 when it wraps. */
    private int seq = 1;
    private volatile boolean closed;

    private ReferenceClient(LoopThread loop, BoundObject anchor, ReferencePipe pipe) {
        this.loop = loop;
        this.anchor = anchor;
        this.pipe = pipe;
    }

    /**
     * Starts {@code worker} behind a reference pipe with deadline {@code timeout} per call.
     *
     * @throws IllegalStateException if the worker could not be spawned (the loop thread is stopped again)
     */
    public static ReferenceClient start(WorkerCommand worker, Duration timeout) {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(timeout, "timeout");
        LoopThread loop = new LoopThread("ipcsync-client");
        loop.start();
        BoundObject anchor = new BoundObject();
        anchor.moveToThread(loop);
        ReferencePipe pipe = anchor.invokeMethod("create pipe",
                () -> new ReferencePipe(worker, PipeOptions.defaults().withTimeout(timeout)), ConnectionType.BLOCKING);
        ReferenceClient client = new ReferenceClient(loop, anchor, pipe);
        if (!pipe.isConnected()) {
            client.close();
            throw new IllegalStateException("worker " + worker.executable() + " could not be started");
        }
        return client;
    }

    /**
     * Sends {@code cmd} with {@code data} and {@code fds} as a sync call; the stage completes with
     * the reply (its fds are the receiver's to close) or exceptionally with an
     * {@link IpcCallException}. Any thread.
     */
    public CompletionStage<IPCMessage> call(int cmd, byte[] data, int[] fds) {
        IPCMessage in = new IPCMessage(new IPCMessage.Header(cmd, 0), data.clone(), fds.clone());
        return anchor.invokeMethod("call", () -> start(in), ConnectionType.BLOCKING);
    }

    /** Loop thread: number the request, start the call, turn its status into a reply or an error. */
    private CompletableFuture<IPCMessage> start(IPCMessage template) {
        if (closed) {
            return CompletableFuture.failedFuture(new IpcCallException(IpcCallException.Kind.CLOSED, -Libc.ENOTCONN,
                    null, "the client is closed"));
        }
        int cookie = seq++;
        if (seq == 0) {
            seq = 1;
        }
        IPCMessage in = new IPCMessage(new IPCMessage.Header(template.header().cmd(), cookie), template.data(),
                template.fds());
        IPCMessage out = new IPCMessage();
        return pipe.call(in, out).thenApply(status -> {
            if (status == 0) {
                return out;
            }
            throw new CompletionException(failure(status));
        });
    }

    private IpcCallException failure(int status) {
        WorkerDeath death = pipe.death();
        if (death != null) {
            return new IpcCallException(IpcCallException.Kind.WORKER_DIED, status, death, death.describe());
        }
        if (closed) {
            return new IpcCallException(IpcCallException.Kind.CLOSED, status, null, "the client was closed");
        }
        if (status == -Libc.ETIMEDOUT) {
            return new IpcCallException(IpcCallException.Kind.TIMEOUT, status, null, "no reply before the deadline");
        }
        return new IpcCallException(IpcCallException.Kind.SEND_FAILED, status, null,
                "the request could not be sent (errno " + -status + ")");
    }

    /**
     * {@link #call}, waiting in the calling thread for the reply. Not from the loop thread.
     *
     * @throws IpcCallException as the call's stage fails
     */
    public IPCMessage callBlocking(int cmd, byte[] data, int[] fds) throws IpcCallException {
        if (LoopThread.current() == loop) {
            throw new IllegalStateException("callBlocking from the client's own loop thread would wait for itself");
        }
        CompletableFuture<IPCMessage> f = call(cmd, data, fds).toCompletableFuture();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : e.getCause();
                    if (cause instanceof IpcCallException ipc) {
                        throw ipc;
                    }
                    throw new IllegalStateException("call failed unexpectedly", cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends an asynchronous message (no reply); 0 or a negative errno (-ENOTCONN once the worker died). Any thread. */
    public int send(int cmd, byte[] data, int[] fds) {
        IPCMessage template = new IPCMessage(new IPCMessage.Header(cmd, 0), data.clone(), fds.clone());
        return anchor.invokeMethod("send", () -> {
            int cookie = seq++;
            if (seq == 0) {
                seq = 1;
            }
            return pipe.sendAsync(new IPCMessage(new IPCMessage.Header(cmd, cookie), template.data(),
                    template.fds()));
        }, ConnectionType.BLOCKING);
    }

    /** Adds a listener for the worker's events (cookie 0); it runs in the loop thread and owns the message's fds. */
    public void onEvent(Consumer<IPCMessage> listener) {
        pipe.recv().connect(listener);
    }

    /** The worker's death once the client has seen it, else null. Any thread. */
    public WorkerDeath death() {
        return anchor.invokeMethod("death", pipe::death, ConnectionType.BLOCKING);
    }

    /** Replies that arrived after their call had completed, dropped. Any thread. */
    public long staleReplies() {
        return pipe.staleReplies();
    }

    /** The worker's pid (for logs and tests). */
    public int workerPid() {
        return pipe.workerPid();
    }

    /** Sends Exit, kills the worker, fails pending calls with {@code CLOSED}, stops the loop thread. Idempotent. */
    @Override
    public void close() {
        if (LoopThread.current() == loop) {
            throw new IllegalStateException("close from the client's own loop thread");
        }
        if (closed) {
            return;
        }
        closed = true;
        anchor.invokeMethod("close", () -> {
            // The client is the proxy here, and libcamera's proxy, not its pipe, tells the worker to exit.
            if (pipe.death() == null) {
                int cookie = seq++;
                pipe.sendAsync(new IPCMessage(new IPCMessage.Header(IpaCommand.EXIT.code, cookie == 0 ? seq++ : cookie),
                        new byte[0], new int[0]));
            }
            pipe.close();
        }, ConnectionType.BLOCKING);
        loop.exit();
        try {
            loop.waitFor(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
