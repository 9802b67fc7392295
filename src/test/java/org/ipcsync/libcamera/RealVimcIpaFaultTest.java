package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.os.Libc;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part 1 of issue 13 on the real worker, delayed or crashed from outside: a late init reply
 * (SIGSTOP past the design's timeout, then SIGCONT) and a SIGKILL mid-call, per design.
 * Outcomes are asserted, durations only printed.
 */
@Tag("libcamera")
class RealVimcIpaFaultTest extends RealWorkerTest {
    @ParameterizedTest
    @MethodSource("designs")
    void aLateInitReplyIsEmittedAsAnEventThatDoesNotDecode(String design) throws Exception {
        LateInitRun.Outcome o = new LateInitRun(VimcWorker.debian()).run(DesignCatalog.pipe(design), RealIpa.LATE_BY);
        String report = report(log -> LateInitRun.report(o, log), design);
        assertThat(o.initRet()).as(report).isEqualTo(-Libc.ETIMEDOUT);
        assertThat(o.configureRet()).as(report).isZero();
        assertThat(o.staleReplyWasAnEvent()).as(report).isTrue();
        assertThat(o.stale().args()).as("init reply: ret 0, outFlags Flag1").hasSize(8);
        assertThat(o.staleAsEvent()).as(report).startsWith("does not decode as paramsBufferReady");
        assertNothingLeft();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void aWorkerKilledMidCallEndsTheCallWithAnError(String design) throws Exception {
        KillMidCallRun.Outcome o = new KillMidCallRun(VimcWorker.debian()).run(DesignCatalog.pipe(design), RealIpa.KILL_AFTER);
        String report = report(log -> KillMidCallRun.report(o, log), design);
        assertThat(o.initRet()).as(report).isNotZero();
        assertThat(o.exitStatus()).as(report).isEqualTo(137);
        assertThat(o.nextRet()).as(report).isNotZero();
        assertNothingLeft();
    }

}
