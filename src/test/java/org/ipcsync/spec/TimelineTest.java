package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hang, the mutant's lost wake-up, the matched reply reported as a timeout and the worker
 * death, as timelines a libcamera maintainer can read.
 */
class TimelineTest {
    private static final TlcRunner RUNNER = new TlcRunner(TlcRunner.Options.defaults()
            .withWorkDir(Path.of("target", "tlc-timeline-test"))
            .withReportDir(Path.of("target", "tlc-timeline-test", "reports")));
    private static TlcResult hang;
    private static TlcResult mutant;
    private static TlcResult matchedTimeout;
    private static TlcResult callerMatchedTimeout;
    private static TlcResult death;

    @BeforeAll
    static void runTlc() {
        hang = RUNNER.run(SpecCatalogue.check(DesignCatalog.model("nested"), Property.EVENTUALLY_RETURNS, 2));
        mutant = RUNNER.run(SpecCatalogue.check(DesignCatalog.model("threaded-no-notify"), Property.NO_LOST_WAKEUP, 2));
        matchedTimeout = RUNNER.run(SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_MATCHED_REPLY_TIMEOUT, 2));
        callerMatchedTimeout = RUNNER.run(SpecCatalogue.check(DesignCatalog.model("nested-caller-thread"),
                Property.NO_MATCHED_REPLY_TIMEOUT, 2));
        death = RUNNER.run(SpecCatalogue.check(DesignCatalog.model("threaded"), Property.PROMPT_ERROR_ON_EXIT, 2));
    }

    private static String text(Timeline t) {
        return t.rows().stream().flatMap(r -> r.lines().stream()).collect(Collectors.joining("\n"));
    }

    @Test
    void theNestedHangShowsTwoFramesAndAnOuterFrameLeftInPollWithNothingToWakeIt() {
        Timeline t = Timeline.of(hang.check(), hang.trace());
        assertThat(t.lanes()).containsExactly("time", "app cam0", "app cam1", "CameraManager", "IPA cam0", "IPA cam1");
        assertThat(text(t)).contains("processEvents() depth 1 dispatches stop(cam", "2 sendSync frames now on this stack");
        // What the deeper frame consumes (the outer frame's reply or its expired timer) is TLC's pick.
        assertThat(text(t)).containsAnyOf("is not the running frame", "consumed at depth 2");
        assertThat(hang.trace().stutters() || hang.trace().loopsBackTo() > 0).isTrue();
        assertThat(String.join("\n", t.ending()))
                .contains("still in progress")
                .containsPattern("CameraManager is in poll at processEvents\\(\\) depth 1 .*wake sources: none");
    }

    @Test
    void everyStepLandsInTheLaneOfWhoActs() {
        Timeline t = Timeline.of(hang.check(), hang.trace());
        List<String> lanesUsed = t.rows().stream().map(Timeline.Row::lane).distinct().toList();
        assertThat(t.lanes()).containsAll(lanesUsed);
        assertThat(t.rows()).filteredOn(r -> r.action().equals("Tick")).allSatisfy(r -> assertThat(r.lane()).isEqualTo("time"));
        assertThat(t.rows()).filteredOn(r -> r.action().equals("IPAStep"))
                .allSatisfy(r -> assertThat(r.lane()).startsWith("IPA cam"));
        assertThat(t.rows()).extracting(Timeline.Row::tick).isSorted();
    }

    @Test
    void theMutantLeavesTheCallerAsleepAfterItsReplyWasTaken() {
        Timeline t = Timeline.of(mutant.check(), mutant.trace());
        assertThat(t.lanes()).contains("receiver cam0", "receiver cam1");
        assertThat(text(t)).contains("condvar wait_for() sleeps", "no notify_one() (mutant)");
    }

    @Test
    void theThreadedCleanupReportsAReplyMatchedAfterTheWaitAsATimeout() {
        Timeline t = Timeline.of(matchedTimeout.check(), matchedTimeout.trace());
        assertThat(text(t)).contains("the MutexLocker scope ends (unlock)", "goto cleanup",
                "matches the pending call → lock, pending = false", "although readyRead matched the reply");
        assertThat(t.rows()).extracting(Timeline.Row::action).containsSubsequence("CMWake", "RxReadyRead", "CMCleanup");
    }

    @Test
    void inThePatchAuthorsSetupTheCallsNestOnTheCallerThreadWhileTheCameraManagerReadsTheSockets() {
        Timeline t = Timeline.of(callerMatchedTimeout.check(), callerMatchedTimeout.trace());
        assertThat(t.lanes()).contains("CameraManager", "caller thread");
        assertThat(text(t)).contains("reads done = false", "without waking caller thread",
                "although the camera manager thread set done after it was read");
    }

    @Test
    void aDeadWorkerIsInvisibleToTheThreadedPipe() {
        Timeline t = Timeline.of(death.check(), death.trace());
        assertThat(text(t)).contains("the worker process dies", "nothing in the pipeline notices");
    }

    @Test
    void markdownAndHtmlAreWrittenWithOneColumnPerLane() throws Exception {
        String md = Files.readString(hang.timelines().get(0));
        assertThat(md).contains("| state | t (s) | app cam0 | app cam1 | CameraManager | IPA cam0 | IPA cam1 |",
                "## How it ends");
        String html = Files.readString(hang.timelines().get(1));
        assertThat(html).contains("<th>CameraManager</th>", "</table>").doesNotContain("<script");
    }
}
