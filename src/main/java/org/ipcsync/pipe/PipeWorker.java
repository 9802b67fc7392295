package org.ipcsync.pipe;

import java.io.IOException;
import java.time.Duration;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;
import org.ipcsync.worker.WorkerProcess;

/**
 * The worker half every design shares: spawning it on the socket's peer end, the exit signal,
 * and the teardown libcamera's proxy performs (Exit, a short grace, SIGKILL, reap).
 * Threads: safe from any thread.
 */
final class PipeWorker {
    /** How long the worker gets to act on Exit before it is killed. */
    static final Duration EXIT_GRACE = Duration.ofMillis(100);

    private final WorkerProcess process;
    /** The process's finished signal, or a silent one when the spawn failed. */
    final Signal<Integer> exited;

    /** Spawns {@code command} on {@code peerFd} and closes the parent's copy; null process on failure. */
    PipeWorker(WorkerCommand command, int peerFd) {
        WorkerProcess p = null;
        try {
            p = WorkerProcess.start(command, peerFd);
        } catch (IOException e) {
            System.err.println("ipcsync: failed to start proxy worker process: " + e.getMessage());
        } finally {
            Libc.close(peerFd);
        }
        process = p;
        exited = p == null ? new Signal<>("finished") : p.finished;
    }

    boolean started() {
        return process != null;
    }

    /** Sends Exit on {@code socket} (asynchronously, cookie 0), then stops the process. */
    void shutDown(IPCUnixSocket socket) {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            socket.send(new IPCUnixSocket.Payload(new IPCMessage(IpaCommand.EXIT.code, 0, new byte[0]).toBytes(),
                    new int[0]));
        }
        process.stop(EXIT_GRACE);
    }

    static IPCUnixSocket.Payload payload(IPCMessage message) {
        return new IPCUnixSocket.Payload(message.toBytes(), message.fds());
    }
}
