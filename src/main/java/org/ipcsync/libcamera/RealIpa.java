package org.ipcsync.libcamera;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

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

    public RealIpa(VimcWorker worker, PrintStream out) {
        this.worker = worker;
        this.out = out;
    }

    /** Runs everything for each design; true when every step passed. */
    public boolean run(List<String> designs) throws InterruptedException {
        String missing = worker.missing();
        if (missing != null) {
            out.println("FAIL  " + missing);
            return false;
        }
        boolean ok = true;
        for (String design : designs) {
            StepLog log = new StepLog(out, design + ": ");
            new VimcSession(worker).run(design, log);
            LateInitRun.report(new LateInitRun(worker).run(design, LATE_BY), log);
            KillMidCallRun.report(new KillMidCallRun(worker).run(design, KILL_AFTER), log);
            ok &= log.passed();
        }
        return ok;
    }
}
