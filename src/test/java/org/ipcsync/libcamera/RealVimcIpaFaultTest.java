package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.ipcsync.os.Libc;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part 1 of issue 13 on the real worker, delayed or crashed from outside: a late init reply
 * (SIGSTOP past the design's timeout, then SIGCONT) and a SIGKILL mid-call, per design.
 * Outcomes are asserted, durations only printed.
 */
@Tag("libcamera")
class RealVimcIpaFaultTest {
    static Stream<String> designs() {
        return PipeDesigns.names().stream();
    }

    private Map<String, String> before;

    @BeforeEach
    void openBefore() {
        before = PipeFds.open();
    }

    @BeforeAll
    static void packagesInstalled() {
        assertThat(VimcWorker.debian().missing()).as("Debian's libcamera packages").isNull();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void aLateInitReplyIsEmittedAsAnEventThatDoesNotDecode(String design) throws Exception {
        LateInitRun.Outcome o = new LateInitRun(VimcWorker.debian()).run(design, RealIpa.LATE_BY);
        String report = report(log -> LateInitRun.report(o, log), design);
        assertThat(o.initRet()).as(report).isEqualTo(-Libc.ETIMEDOUT);
        assertThat(o.configureRet()).as(report).isZero();
        assertThat(o.staleReplyWasAnEvent()).as(report).isTrue();
        assertThat(o.stale().args()).as("init reply: ret 0, outFlags Flag1").hasSize(8);
        assertThat(o.staleAsEvent()).as(report).startsWith("does not decode as paramsBufferReady");
        // Pipes kill their worker on close without waiting, as libcamera does; the reaper follows.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
        assertThat(PipeFds.open()).as("pipe sockets and parameter buffers left open").isEqualTo(before);
    }

    @ParameterizedTest
    @MethodSource("designs")
    void aWorkerKilledMidCallEndsTheCallWithAnError(String design) throws Exception {
        KillMidCallRun.Outcome o = new KillMidCallRun(VimcWorker.debian()).run(design, RealIpa.KILL_AFTER);
        String report = report(log -> KillMidCallRun.report(o, log), design);
        assertThat(o.initRet()).as(report).isNotZero();
        assertThat(o.exitStatus()).as(report).isEqualTo(137);
        assertThat(o.nextRet()).as(report).isNotZero();
        // Pipes kill their worker on close without waiting, as libcamera does; the reaper follows.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
        assertThat(PipeFds.open()).as("pipe sockets and parameter buffers left open").isEqualTo(before);
    }

    private static String report(java.util.function.Consumer<StepLog> lines, String design) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        lines.accept(new StepLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), design + ": "));
        String text = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text;
    }
}
