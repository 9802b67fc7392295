package org.ipcsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ipcsync.os.Libc;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;

/**
 * A worker SIGKILLed in the middle of a sync call, per design: the C worker (it dies within
 * microseconds of the signal, unlike a JVM) is sent a command it does not answer, a scheduler
 * thread kills it {@link #KILL_AFTER_MS} ms later, and the bench measures from the kill(2) call to
 * sendSync's return, with the status returned. Designs that do not watch their worker wait for
 * their deadline; a fail-fast one returns within milliseconds. Threads: the calling thread is the
 * pipe's (a sync call from it runs the design's own wait).
 */
public final class KillBench {
    static final long KILL_AFTER_MS = 50;
    /** A command libcamera's test worker does not know: it logs it and sends no reply. */
    private static final int UNANSWERED = 99;

    /** One run: milliseconds from the kill to the return, and the status returned. */
    public record Run(String design, double killToReturnMs, int status) {}

    private KillBench() {}

    public static List<Run> measure(List<PipeDesign> designs, int runs) throws Exception {
        WorkerCommand worker = new WorkerCommand(CPrograms.build("unixsocket_worker").toString(), "");
        List<Run> out = new ArrayList<>();
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-kill"));
        try {
            for (PipeDesign design : designs) {
                for (int i = 0; i < runs; i++) {
                    out.add(once(design, worker, killer));
                }
            }
        } finally {
            killer.shutdownNow();
            killer.awaitTermination(5, TimeUnit.SECONDS);
        }
        return out;
    }

    private static java.util.Set<Long> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
    }

    private static Run once(PipeDesign design, WorkerCommand worker, ScheduledExecutorService killer) {
        java.util.Set<Long> before = children();
        try (IPCPipe pipe = design.create(worker, PipeOptions.defaults())) {
            if (!pipe.isConnected()) {
                throw new IllegalStateException(design + ": worker did not start");
            }
            IPCMessage out = new IPCMessage();
            if (pipe.sendSync(new IPCMessage(1, 0, new byte[0]), out) != 0) {
                throw new IllegalStateException(design + ": the worker did not answer its first call");
            }
            List<Long> mine = children().stream().filter(p -> !before.contains(p)).toList();
            if (mine.size() != 1) {
                throw new IllegalStateException(design + ": expected one new worker process, found " + mine);
            }
            long pid = mine.get(0);
            AtomicLong killedAt = new AtomicLong();
            killer.schedule(() -> {
                killedAt.set(System.nanoTime());
                Libc.kill((int) pid, Libc.SIGKILL);
            }, KILL_AFTER_MS, TimeUnit.MILLISECONDS);
            int status = pipe.sendSync(new IPCMessage(UNANSWERED, 1, new byte[0]), new IPCMessage());
            long returned = System.nanoTime();
            return new Run(design.name(), (returned - killedAt.get()) / 1e6, status);
        }
    }
}
