package org.ipcsync.libcamera;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import org.ipcsync.pipe.PipeDesign;
import java.util.Map;

/**
 * Everything issue 13's Part 1 runs against Debian's real vimc IPA worker, per pipe design: the
 * real protocol with the golden comparison ({@link VimcSession}), a late init reply
 * ({@link LateInitRun}) and a crash mid-call ({@link KillMidCallRun}). Prints PASS/FAIL lines;
 * the thin {@code ./kit real-ipa} command and the tests call it. Threads: the calling thread is
 * the camera manager thread of every run.
 */
public final class RealIpa {
    /** How late the init reply arrives after the design's timeout. */
    public static final Duration LATE_BY = Duration.ofMillis(500);
    /** When the worker is killed after init was sent. */
    public static final Duration KILL_AFTER = Duration.ofMillis(300);

    private final VimcWorker worker;
    private final PrintStream out;
    private final Map<String, Object> outcomes = new LinkedHashMap<>();

    public RealIpa(VimcWorker worker, PrintStream out) {
        this.worker = worker;
        this.out = out;
    }

    /** Runs everything for each design; true when every step passed. */
    public boolean run(List<PipeDesign> designs) throws InterruptedException {
        String missing = worker.missing();
        if (missing != null) {
            out.println("FAIL  " + missing);
            return false;
        }
        boolean ok = true;
        for (PipeDesign design : designs) {
            StepLog log = new StepLog(out, design + ": ");
            boolean session = new VimcSession(worker).run(design, log).passed();
            LateInitRun.Outcome late = new LateInitRun(worker).run(design, LATE_BY);
            boolean lateOk = LateInitRun.report(late, log);
            KillMidCallRun.Outcome kill = new KillMidCallRun(worker).run(design, KILL_AFTER);
            boolean killOk = KillMidCallRun.report(kill, log);
            ok &= log.passed();
            outcomes.put(design.name(), outcome(log.passed(), session, late, lateOk, kill, killOk));
        }
        return ok;
    }

    /**
     * Per design, what the last {@link #run} found: {@code outcome} PASS/FAIL, and the late-init and
     * SIGKILL results (summary.json's {@code libcamera.realIpa.<design>}).
     */
    public Map<String, Object> outcomes() {
        return new LinkedHashMap<>(outcomes);
    }

    private static Map<String, Object> outcome(boolean passed, boolean session, LateInitRun.Outcome late, boolean lateOk,
            KillMidCallRun.Outcome kill, boolean killOk) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", passed ? "PASS" : "FAIL");
        m.put("protocol", session ? "PASS" : "FAIL");
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("outcome", lateOk ? "PASS" : "FAIL");
        l.put("stoppedMs", late.stoppedFor().toMillis());
        l.put("initReturned", LateInitRun.ret(late.initRet()));
        l.put("initMs", late.initElapsed().toMillis());
        l.put("configureReturned", LateInitRun.ret(late.configureRet()));
        l.put("staleReplyAsEvent", late.staleReplyWasAnEvent());
        if (late.staleAsEvent() != null) {
            l.put("staleAsVimcEvent", late.staleAsEvent());
        }
        m.put("lateInit", l);
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("outcome", killOk ? "PASS" : "FAIL");
        k.put("killAfterMs", kill.killAfter().toMillis());
        k.put("initReturned", LateInitRun.ret(kill.initRet()));
        k.put("initMs", kill.initElapsed().toMillis());
        k.put("exitStatus", kill.exitStatus());
        if (kill.exitAfter() != null) {
            k.put("exitReportedMs", kill.exitAfter().toMillis());
        }
        k.put("nextCallReturned", LateInitRun.ret(kill.nextRet()));
        k.put("nextCallMs", kill.nextElapsed().toMillis());
        m.put("killMidCall", k);
        return m;
    }
}
