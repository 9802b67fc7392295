package org.ipcsync.libcamera;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ipcsync.os.Errno;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.worker.WorkerCommand;

/**
 * A late {@code init} reply from the real worker, without touching its code: the worker is
 * stopped (SIGSTOP) as init is sent and continued (SIGCONT) {@code lateBy} after the design's
 * timeout, so init times out and its reply {cmd 1, cookie 0} arrives afterwards. The proxy then
 * calls configure as libcamera's vimc pipeline would next, and waits for what the pipe emits: the
 * stale reply's fate. libcamera 0.0.3 hands it to the event path, where vimc's event 1
 * (paramsBufferReady) cannot decode it and cam aborts. Threads: {@link #run} uses the calling
 * thread as the camera manager thread; a scheduler thread sends SIGCONT.
 */
public final class LateInitRun {
    static final Duration STALE_WAIT = Duration.ofSeconds(3);

    /**
     * What happened: init's return value and duration, configure's return value, the first
     * message the pipe emitted on recv (null if none) with the call it arrived during, and how
     * it reads as the vimc event its cmd names.
     */
    public record Outcome(String design, Duration stoppedFor, int initRet, Duration initElapsed, int configureRet,
            VimcProxy.Event stale, String staleAsEvent) {
        public boolean staleReplyWasAnEvent() {
            return stale != null && stale.header().cmd() == VimcCmd.INIT.code && stale.header().cookie() == 0;
        }
    }

    private final VimcWorker worker;

    public LateInitRun(VimcWorker worker) {
        this.worker = worker;
    }

    public Outcome run(PipeDesign design, Duration lateBy) throws InterruptedException {
        Duration stoppedFor = design.defaultTimeout().plus(lateBy);
        WorkerCommand command = WorkerSignals.tagged(worker.command());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "sigcont"));
        Set<Long> before = WorkerSignals.children();
        try (VimcProxy proxy = new VimcProxy(design.create(command, PipeOptions.defaults()))) {
            WorkerSignals signals = WorkerSignals.find(command, before)
                    .orElseThrow(() -> new IllegalStateException("worker of " + design + " not found"));
            CountDownLatch continued = new CountDownLatch(1);
            signals.send(WorkerSignals.SIGSTOP);
            scheduler.schedule(() -> {
                signals.send(WorkerSignals.SIGCONT);
                continued.countDown();
            }, stoppedFor.toMillis(), TimeUnit.MILLISECONDS);
            VimcProxy.CallResult init = proxy.call(VimcCmd.INIT,
                    VimcCodec.init(worker.settings(), VimcCodec.OPERATION_INIT, VimcCodec.FLAG2));
            if (!continued.await(stoppedFor.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("SIGCONT was not sent");
            }
            VimcProxy.CallResult configure = proxy.call(VimcCmd.CONFIGURE, VimcCodec.configure());
            proxy.awaitEvents(1, STALE_WAIT);
            VimcProxy.Event stale = proxy.events().isEmpty() ? null : proxy.events().get(0);
            proxy.send(VimcCmd.EXIT, VimcCodec.none());
            return new Outcome(design.name(), stoppedFor, init.ret(), init.elapsed(), configure.ret(), stale,
                    stale == null ? null : asEvent(stale));
        } finally {
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** How the pipeline side reads the message as the vimc event its cmd names. */
    static String asEvent(VimcProxy.Event e) {
        if (e.header().cmd() != VimcCmd.EVENT_PARAMS_BUFFER_READY) {
            return "no vimc event has cmd " + e.header().cmd();
        }
        try {
            VimcCodec.ParamsBufferReady p = VimcCodec.paramsBufferReady(e.args());
            return "decodes as paramsBufferReady(" + p.bufferId() + ", " + p.flags() + ")";
        } catch (DataReader.MalformedMessage m) {
            return "does not decode as paramsBufferReady (" + m.getMessage() + ")";
        }
    }

    /** PASS/FAIL lines: init timed out, the late reply's fate. */
    public static boolean report(Outcome o, StepLog log) {
        boolean ok = log.step("late init (worker stopped " + o.stoppedFor().toMillis() + " ms): init returns ETIMEDOUT",
                o.initRet() == -org.ipcsync.os.Libc.ETIMEDOUT ? null : "returned " + ret(o.initRet()));
        log.note("init returned " + ret(o.initRet()) + " after " + o.initElapsed().toMillis() + " ms; configure then returned "
                + ret(o.configureRet()));
        ok &= log.step("late init: the stale reply {cmd 1, cookie 0} is emitted on recv as an IPA event",
                o.staleReplyWasAnEvent() ? null : o.stale() == null ? "nothing was emitted within "
                        + STALE_WAIT.toMillis() + " ms" : "emitted " + o.stale().header());
        if (o.stale() != null) {
            log.note("handled " + (o.stale().duringCall() == null ? "after configure returned (queued to the proxy's thread)"
                    : "during " + o.stale().duringCall() + "'s sendSync (nested dispatch)") + "; as vimc event 1 it "
                    + o.staleAsEvent());
        }
        return ok;
    }

    static String ret(int ret) {
        return ret == 0 ? "0" : Errno.name(-ret);
    }
}
