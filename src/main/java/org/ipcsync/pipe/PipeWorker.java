package org.ipcsync.pipe;

import java.io.IOException;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;
import org.ipcsync.worker.WorkerProcess;

/**
 * The worker process every design starts (libcamera's {@code Process} as the pipes use it):
 * spawning it on the socket's peer end, its exit signal, the Exit command, and libcamera's
 * teardown, which is a SIGKILL at once without waiting ({@code Process::~Process}); the watcher
 * thread reaps the child and emits {@link #exited}, as libcamera's ProcessManager does. Who
 * closes the pipeline's copy of the peer end, and when, is the design's business: the caller
 * keeps it. Threads: safe from any thread.
 */
final class PipeWorker {
    private final WorkerProcess process;
    /** The process's finished signal, or a silent one when the spawn failed. */
    final Signal<Integer> exited;

    /**
     * Spawns {@code command} on {@code peerFd} (which the caller still owns), its stderr on
     * {@code stderrFd} (the caller's) unless that is negative. Without a peer end (the socket
     * could not be created) nothing is spawned: the worker is one that never started, so the
     * pipes need no null checks.
     */
    static PipeWorker spawn(WorkerCommand command, int peerFd, int stderrFd) {
        return peerFd < 0 ? new PipeWorker() : new PipeWorker(command, peerFd, stderrFd);
    }

    private PipeWorker() {
        process = null;
        exited = new Signal<>("finished");
    }

    private PipeWorker(WorkerCommand command, int peerFd, int stderrFd) {
        WorkerProcess p = null;
        try {
            p = WorkerProcess.start(command, peerFd, stderrFd);
        } catch (IOException e) {
            System.err.println("ipcsync: failed to start proxy worker process: " + e.getMessage());
        }
        process = p;
        exited = p == null ? new Signal<>("finished") : p.finished;
    }

    boolean started() {
        return process != null;
    }

    /** The worker's pid, or -1 when it did not start. */
    int pid() {
        return process == null ? -1 : process.pid();
    }

    /** How the worker ended, or null while it runs (or never started). */
    WorkerProcess.Exit exitNow() {
        return process == null ? null : process.exitNow();
    }

    /** libcamera's {@code Process::~Process}: SIGKILL, no wait; the watcher thread reaps the child. */
    void kill() {
        if (process != null) {
            process.kill();
        }
    }

    static IPCUnixSocket.Payload payload(IPCMessage message) {
        return new IPCUnixSocket.Payload(message.toBytes(), message.fds());
    }
}
