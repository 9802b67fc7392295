package org.ipcsync.libcamera;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.worker.WorkerCommand;

/**
 * The real worker crashing mid-call: it is stopped (SIGSTOP) as {@code init} is sent, so the call
 * is certainly pending, and killed (SIGKILL) {@code killAfter} later. Records what init returned
 * and when, when the pipe reported the worker's exit and with what status, and what the next
 * call (configure) returns on the dead pipe. Threads: {@link #run} uses the calling thread as the
 * camera manager thread; a scheduler thread sends SIGKILL.
 */
public final class KillMidCallRun {
    static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    /** {@code exitAfter}: from sending init to the pipe's workerExited signal (null if it never came). */
    public record Outcome(String design, Duration killAfter, int initRet, Duration initElapsed, int exitStatus,
            Duration exitAfter, int nextRet, Duration nextElapsed) {}

    private final VimcWorker worker;

    public KillMidCallRun(VimcWorker worker) {
        this.worker = worker;
    }

    public Outcome run(PipeDesign design, Duration killAfter) throws InterruptedException {
        WorkerCommand command = WorkerSignals.tagged(worker.command());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sigkill"));
        Set<Long> before = WorkerSignals.children();
        try (VimcProxy proxy = new VimcProxy(design.create(command, PipeOptions.defaults()))) {
            WorkerSignals signals = WorkerSignals.find(command, before)
                    .orElseThrow(() -> new IllegalStateException("worker of " + design + " not found"));
            CountDownLatch exited = new CountDownLatch(1);
            AtomicInteger status = new AtomicInteger(-1);
            AtomicLong exitedAt = new AtomicLong();
            proxy.pipe().workerExited().connect(s -> {
                exitedAt.set(System.nanoTime());
                status.set(s);
                exited.countDown();
            });
            signals.send(WorkerSignals.SIGSTOP);
            long start = System.nanoTime();
            scheduler.schedule(() -> signals.send(WorkerSignals.SIGKILL), killAfter.toMillis(), TimeUnit.MILLISECONDS);
            VimcProxy.CallResult init = proxy.call(VimcCmd.INIT,
                    VimcCodec.init(worker.settings(), VimcCodec.OPERATION_INIT, VimcCodec.FLAG2));
            boolean gone = exited.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            VimcProxy.CallResult next = proxy.call(VimcCmd.CONFIGURE, VimcCodec.configure());
            return new Outcome(design.name(), killAfter, init.ret(), init.elapsed(), status.get(),
                    gone ? Duration.ofNanos(exitedAt.get() - start) : null, next.ret(), next.elapsed());
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** PASS/FAIL lines: the call returned an error, the exit was reported, the next call failed. */
    public static boolean report(Outcome o, StepLog log) {
        boolean ok = log.step("SIGKILL " + o.killAfter().toMillis() + " ms into init: init returns an error",
                o.initRet() != 0 ? null : "returned 0");
        log.note("init returned " + LateInitRun.ret(o.initRet()) + " after " + o.initElapsed().toMillis() + " ms; "
                + (o.exitAfter() == null ? "no worker exit reported" : "worker exit (status " + o.exitStatus()
                + ") reported " + o.exitAfter().toMillis() + " ms after init was sent"));
        ok &= log.step("SIGKILL: the worker's exit is reported (status 137)",
                o.exitStatus() == 137 ? null : "status " + o.exitStatus());
        ok &= log.step("SIGKILL: the next call fails", o.nextRet() != 0 ? null : "returned 0");
        log.note("configure on the dead pipe returned " + LateInitRun.ret(o.nextRet()) + " after "
                + o.nextElapsed().toMillis() + " ms");
        return ok;
    }
}
