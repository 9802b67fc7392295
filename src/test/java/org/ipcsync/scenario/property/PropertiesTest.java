package org.ipcsync.scenario.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ipcsync.scenario.property.Synthetic.us;

import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.AppCall;
import org.ipcsync.scenario.Recording.AsyncSend;
import org.ipcsync.scenario.Recording.CameraInfo;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Note;
import org.ipcsync.scenario.Recording.Received;
import org.junit.jupiter.api.Test;

/** Each check on hand-built recordings: the §4 stories violate it, a clean run does not. */
class PropertiesTest {
    private static final int STOP = 3;
    private static final int INIT = 1;
    private static final int START = 2;
    private static final Bounds SCALE_1 = new Bounds(1.0);

    private static Verdict judge(Property p, Synthetic s) {
        return p.judge(s.build(), SCALE_1);
    }

    /** Two cameras stopped at once on the nested design: camera 1's stop runs inside camera 0's. */
    private static Synthetic nestedStopAll() {
        return new Synthetic().cameras(2)
                .call(0, "stop", STOP, 5, 1, -1, 1000, 1002, STOP, 3000, 0)
                .call(1, "stop", STOP, 5, 2, 0, 1001, 1301, STOP, 1302, 0)
                .poll(2, 1001.5, 1002)   // camera 0's reply wakes the inner frame...
                .poll(2, 1002.5, 1301)   // ...which sleeps again for its own reply
                .poll(1, 1302.5, 3000);  // the outer frame sleeps until camera 0's timer
    }

    private static Synthetic cleanStopAll() {
        return new Synthetic().cameras(2)
                .ok(0, "stop", STOP, 5, 1000, 1002, 1002.3)
                .ok(1, "stop", STOP, 5, 1003, 1303, 1303.2)
                .poll(1, 1000.5, 1002)
                .poll(1, 1003.5, 1303);
    }

    @Test
    void everyPropertyHoldsOnACleanStopAll() {
        Recording clean = cleanStopAll().build();
        assertThat(Properties.judgeAll(clean).values()).allSatisfy(v -> assertThat(v.holds()).as(v.toString()).isTrue());
    }

    @Test
    void theNestedStopAllIsALostWakeupANestedDispatchAndAnOverrun() {
        Synthetic nested = nestedStopAll();
        Verdict lost = judge(new NoLostWakeup(), nested);
        assertThat(lost.holds()).isFalse();
        assertThat(lost.witnesses()).singleElement().asString().contains("#0 camera 0 stop").contains("1697.5 ms");
        Verdict nesting = judge(new NoNestedDispatch(), nested);
        assertThat(nesting.witnesses()).singleElement().asString().contains("#1 camera 1 stop").contains("depth 2")
                .contains("inside #0 camera 0 stop");
        assertThat(judge(new BoundedReturn(), nested).witnesses()).singleElement().asString()
                .contains("#0 camera 0").contains("returned at 3000.0 ms");
        assertThat(judge(new EventuallyReturns(), nested).holds()).isTrue();
    }

    @Test
    void aShortSleepAfterTheReplyIsNotALostWakeup() {
        Synthetic s = new Synthetic().cameras(1)
                .ok(0, "stop", STOP, 1, 0, 10, 60).poll(1, 11, 59);
        assertThat(judge(new NoLostWakeup(), s).holds()).isTrue();
        Synthetic longer = new Synthetic().cameras(1).ok(0, "stop", STOP, 1, 0, 10, 12 + Bounds.WAKEUP_MS)
                .poll(1, 11, 12 + Bounds.WAKEUP_MS);
        assertThat(judge(new NoLostWakeup(), longer).witnesses()).hasSize(1);
        // A sleep that began before the reply is the normal wait, however long.
        Synthetic waiting = new Synthetic().cameras(1).ok(0, "stop", STOP, 1, 0, 1500, 1500.2).poll(1, 0.1, 1500);
        assertThat(judge(new NoLostWakeup(), waiting).holds()).isTrue();
    }

    @Test
    void aCallPastItsDeadlineMustReturnByDeadlinePlusSlack() {
        Synthetic onTime = new Synthetic().cameras(1)
                .call(0, "start", START, 1, 1, -1, 0, -1, -1, 2000 + Bounds.DEADLINE_SLACK_MS - 1, -110);
        assertThat(judge(new BoundedReturn(), onTime).holds()).isTrue();
        Synthetic late = new Synthetic().cameras(1)
                .call(0, "start", START, 1, 1, -1, 0, -1, -1, 2000 + Bounds.DEADLINE_SLACK_MS + 1, -110);
        assertThat(judge(new BoundedReturn(), late).holds()).isFalse();
        Synthetic open = new Synthetic().cameras(1).call(0, "start", START, 1, 1, -1, 0, -1, -1, -1, null);
        assertThat(judge(new BoundedReturn(), open).witnesses()).singleElement().asString().contains("still open");
    }

    @Test
    void aTimeoutDespiteATimelyReplyIsSpurious() {
        Synthetic s = new Synthetic().cameras(1).call(0, "stop", STOP, 1, 1, -1, 0, 500, STOP, 2000, -110);
        assertThat(judge(new NoSpuriousTimeout(), s).holds()).isFalse();
        Synthetic racing = new Synthetic().cameras(1).call(0, "stop", STOP, 1, 1, -1, 0, 1999, STOP, 2000, -110);
        assertThat(judge(new NoSpuriousTimeout(), racing).holds()).isTrue();
    }

    @Test
    void anOpenCallOrAnUnreturnedApplicationCallViolatesEventuallyReturns() {
        Synthetic s = new Synthetic().cameras(2).ok(1, "stop", STOP, 5, 1001, 4000, 4000.2)
                .call(0, "stop", STOP, 5, 1, -1, 1000, 1002, STOP, -1, null);
        s.appCalls.add(new AppCall(0, 0, "stop", "app-0", us(999), us(1000), -1, -1, 1, null));
        s.hung = true;
        Verdict v = judge(new EventuallyReturns(), s);
        assertThat(v.witnesses()).hasSize(2);
        assertThat(v.witnesses().get(1)).contains("application stop of camera 0").contains("not returned");
    }

    @Test
    void aLateReplyOnTheEventPathIsStale() {
        Synthetic s = new Synthetic().cameras(1).call(0, "stop", STOP, 7, 1, -1, 0, -1, -1, 2000, -110);
        s.received.add(new Received(0, 0, STOP, 7, "receiver", us(2999)));
        s.deliveries.add(new Delivery(0, 0, STOP, 7, "unknown", -1, 4, 1, us(3000)));
        s.received.add(new Received(0, 1, 1, 0, "receiver", us(3099)));
        s.deliveries.add(new Delivery(0, 1, 1, 0, "metadataReady", 3, 12, 1, us(3100)));
        Verdict v = judge(new NoStaleReplyAsEvent(), s);
        assertThat(v.witnesses()).singleElement().asString().contains("#0 camera 0 stop (cookie 7)");
        assertThat(v.situations()).isEqualTo(1);
    }

    /** Init (cookie 0) takes an IPA event (paramsReady, cmd 2, cookie 0) as its reply; its real reply follows. */
    private static Synthetic cookieZeroGhost() {
        Synthetic s = new Synthetic().cameras(1).call(0, "init", INIT, 0, 1, -1, 0, 5, 2, 5.1, 0);
        s.received.add(new Received(0, 0, INIT, 0, "receiver", us(6)));
        s.deliveries.add(new Delivery(0, 0, INIT, 0, "abort", -1, 4, 1, us(6.2)));
        return s;
    }

    @Test
    void anEventSwallowedAsTheFirstCallsReplyWasNeverHandledAndItsRealReplyGoesToTheEventPath() {
        Synthetic s = cookieZeroGhost();
        Verdict order = judge(new EventBeforeReplyOrder(), s);
        assertThat(order.witnesses()).singleElement().asString().contains("#0 camera 0 init (cookie 0)")
                .contains("never handled as an event");
        assertThat(order.scopes().get(Properties.FIRST_CALL)).isEqualTo(new Verdict.Tally(1, 1));
        assertThat(order.scopes().get(Properties.LATER_CALLS)).isEqualTo(new Verdict.Tally(0, 0));
        assertThat(judge(new NoCookieConfusion(), s).scopes().get(Properties.FIRST_CALL))
                .isEqualTo(new Verdict.Tally(1, 1));
        assertThat(judge(new NoStaleReplyAsEvent(), s).witnesses()).singleElement().asString()
                .contains("init (cookie 0)").contains("after taking a message with cmd 2").contains("'abort'");
    }

    @Test
    void anEventDuringALaterCallIsCountedInItsOwnScope() {
        Synthetic s = new Synthetic().cameras(1).ok(0, "init", INIT, 0, 0, 1, 1.1).ok(0, "stop", STOP, 4, 10, 20, 20.5);
        s.received.add(new Received(0, 0, 2, 0, "receiver", us(15)));
        s.deliveries.add(new Delivery(0, 0, 2, 0, "paramsReady", 4, 8, 1, us(16)));
        Verdict confusion = judge(new NoCookieConfusion(), s);
        assertThat(confusion.holds()).isTrue();
        assertThat(confusion.scopes().get(Properties.LATER_CALLS)).isEqualTo(new Verdict.Tally(1, 0));
        assertThat(confusion.scopes().get(Properties.FIRST_CALL)).isEqualTo(new Verdict.Tally(0, 0));
        Verdict order = judge(new EventBeforeReplyOrder(), s);
        assertThat(order.holds()).isTrue();
        assertThat(order.situations()).isEqualTo(1);
    }

    @Test
    void aStaleReplyDuringTheNextCallIsNoIpaEventForTheOrderingCheck() {
        // stop (cookie 4) timed out; its reply comes during unmapBuffers (cookie 5) and is handled after it returned.
        Synthetic s = new Synthetic().cameras(1).call(0, "stop", STOP, 4, 1, -1, 0, -1, -1, 1000, -110)
                .ok(0, "unmapBuffers", 6, 5, 1001, 1030, 1030.2);
        s.received.add(new Received(0, 0, STOP, 4, "receiver", us(1020)));
        s.deliveries.add(new Delivery(0, 0, STOP, 4, "unknown", -1, 4, 1, us(1031)));
        assertThat(judge(new EventBeforeReplyOrder(), s).holds()).isTrue();
        assertThat(judge(new EventBeforeReplyOrder(), s).situations()).isZero();
        assertThat(judge(new NoStaleReplyAsEvent(), s).holds()).isFalse();
    }

    @Test
    void aReplyMatchedWhileTheCallerWasHeldMustNotBecomeATimeout() {
        // The threaded cleanup: wait over at the deadline, the reply is matched during the hold, -ETIMEDOUT anyway.
        Synthetic s = new Synthetic().cameras(1).call(0, "stop", STOP, 3, 1, -1, 0, 1020, STOP, 1100, -110)
                .deadline(0, 1000).waitEnded(0, 1000, 100);
        Verdict v = judge(new NoMatchedReplyTimeout(), s);
        assertThat(v.witnesses()).singleElement().asString().contains("reply matched at 1020.0 ms")
                .contains("wait ended at 1000.0 ms").contains("caller held up to 100.0 ms");
        assertThat(v.situations()).isEqualTo(1);
        // Its reply came after the deadline: not NoSpuriousTimeout's business.
        assertThat(judge(new NoSpuriousTimeout(), s).holds()).isTrue();
        // The same reply, acted on: success.
        Synthetic fine = new Synthetic().cameras(1).call(0, "stop", STOP, 3, 1, -1, 0, 1020, STOP, 1100, 0)
                .deadline(0, 1000).waitEnded(0, 1000, 100);
        Verdict ok = judge(new NoMatchedReplyTimeout(), fine);
        assertThat(ok.holds()).isTrue();
        assertThat(ok.situations()).isEqualTo(1);
        // The hold is scenario time: returning 100 ms after the reply is no overrun.
        assertThat(judge(new BoundedReturn(), fine).holds()).isTrue();
        // A reply well inside the wait is no situation.
        assertThat(judge(new NoMatchedReplyTimeout(), new Synthetic().cameras(1).ok(0, "stop", STOP, 3, 0, 10, 11))
                .situations()).isZero();
    }

    @Test
    void aCallPendingWhenItsWorkerDiesMustFailWithinTheBound() {
        Synthetic late = new Synthetic().cameras(1).call(0, "stop", STOP, 3, 1, -1, 0, -1, -1, 2000, -110)
                .note(Note.WORKER_EXITED, 0, 5, "IPA worker exited with status 137");
        Verdict v = judge(new PromptErrorOnExit(), late);
        assertThat(v.witnesses()).singleElement().asString().contains("worker died at 5.0 ms")
                .contains("returned -110 at 2000.0 ms");
        Synthetic prompt = new Synthetic().cameras(1)
                .call(0, "stop", STOP, 3, 1, -1, 0, -1, -1, 5 + Bounds.EXIT_TO_ERROR_MS - 1, -104)
                .note(Note.WORKER_EXITED, 0, 5, "IPA worker exited with status 137");
        assertThat(judge(new PromptErrorOnExit(), prompt).holds()).isTrue();
        assertThat(judge(new PromptErrorOnExit(), prompt).situations()).isEqualTo(1);
        // A death between calls, or of another camera's worker, is no situation.
        Synthetic between = new Synthetic().cameras(2).ok(0, "stop", STOP, 3, 0, 10, 11)
                .note(Note.WORKER_EXITED, 0, 20, "exit").note(Note.WORKER_EXITED, 1, 5, "exit");
        assertThat(judge(new PromptErrorOnExit(), between).situations()).isZero();
    }

    @Test
    void aReplyWithinTheLegacyDeadlineMustNotBecomeATimeout() {
        // Threaded: init gives up at 1000 ms, its reply comes at 1500 ms and goes to the event path.
        Synthetic early = new Synthetic().cameras(1).call(0, "init", INIT, 0, 1, -1, 0, -1, -1, 1000, -110)
                .deadline(0, 1000);
        early.received.add(new Received(0, 0, INIT, 0, "receiver", us(1500)));
        early.deliveries.add(new Delivery(0, 0, INIT, 0, "abort", -1, 4, 1, us(1501)));
        Verdict v = judge(new NoEarlyTimeout(), early);
        assertThat(v.witnesses()).singleElement().asString().contains("arrived 1500.0 ms after the request");
        assertThat(v.situations()).isEqualTo(1);
        // Nested: the same IPA, reply at 1500 ms within its 2000 ms deadline, success.
        Synthetic legacy = new Synthetic().cameras(1).ok(0, "init", INIT, 0, 0, 1500, 1500.2);
        assertThat(judge(new NoEarlyTimeout(), legacy).holds()).isTrue();
        assertThat(judge(new NoEarlyTimeout(), legacy).situations()).isEqualTo(1);
        // A reply beyond the legacy deadline may time out.
        Synthetic hung = new Synthetic().cameras(1).call(0, "init", INIT, 0, 1, -1, 0, -1, -1, 2000, -110);
        hung.received.add(new Received(0, 0, INIT, 0, "receiver", us(3000)));
        hung.deliveries.add(new Delivery(0, 0, INIT, 0, "abort", -1, 4, 1, us(3001)));
        assertThat(judge(new NoEarlyTimeout(), hung).holds()).isTrue();
        // A metadataReady event with init's header is no reply.
        Synthetic event = new Synthetic().cameras(1).call(0, "init", INIT, 0, 1, -1, 0, -1, -1, 1000, -110)
                .deadline(0, 1000);
        event.received.add(new Received(0, 0, INIT, 0, "receiver", us(1500)));
        event.deliveries.add(new Delivery(0, 0, INIT, 0, "metadataReady", 1, 12, 1, us(1501)));
        assertThat(judge(new NoEarlyTimeout(), event).situations()).isZero();
    }

    @Test
    void aRunEndedByLibcamerasAbortJudgesNoCallLeftOpenThere() {
        Synthetic s = cookieZeroGhost().call(0, "configure", 4, 1, 1, -1, 6.1, -1, -1, -1, null)
                .note(Note.ABORT, 0, 6.2, "libcamera's proxy would abort");
        s.endMs = 7;
        assertThat(judge(new EventuallyReturns(), s).holds()).isTrue();
        // An event after the abort, during a call that returns after it, is not judged either.
        Synthetic later = cookieZeroGhost().ok(0, "configure", 4, 1, 6.1, 9, 9.1)
                .note(Note.ABORT, 0, 6.2, "libcamera's proxy would abort");
        later.received.add(new Received(0, 1, 2, 0, "receiver", us(8)));
        later.endMs = 7;
        assertThat(judge(new EventBeforeReplyOrder(), later).scopes().get(Properties.LATER_CALLS))
                .isEqualTo(new Verdict.Tally(0, 0));
        assertThat(s.build().abortUs()).isEqualTo(us(6.2));
        s.notes.clear();
        assertThat(judge(new EventuallyReturns(), s).holds()).isFalse();
    }

    @Test
    void everyCheckCountsItsSituationsAndACleanRunHasNoWorkerDeath() {
        Map<String, Verdict> v = Properties.judgeAll(cleanStopAll().build());
        assertThat(v.get("BoundedReturn").situations()).isEqualTo(2);
        assertThat(v.get("NoSpuriousTimeout").situations()).isEqualTo(2);
        assertThat(v.get("PromptErrorOnExit").situations()).isZero();
        assertThat(v.get("PromptErrorOnExit").toString()).contains("vacuously");
    }

    @Test
    void anEventTakenAsInitsReplyIsCookieConfusion() {
        Synthetic s = new Synthetic().cameras(1).call(0, "init", INIT, 0, 1, -1, 0, 5, 2, 5.1, 0);
        assertThat(judge(new NoCookieConfusion(), s).witnesses()).singleElement().asString().contains("cmd 2 (not 1)");
        assertThat(judge(new NoCookieConfusion(), new Synthetic().cameras(1).ok(0, "init", INIT, 0, 0, 5, 5.1)).holds())
                .isTrue();
    }

    @Test
    void aStreamingCameraStalledWhileAnotherCameraWaitsBreaksIsolation() {
        Synthetic s = new Synthetic().cameras(2)
                .ok(1, "start", START, 3, 0, 1, 1)
                .ok(0, "stop", STOP, 5, 1000, 2600, 2601);
        for (int f = 1; f <= 5; f++) {
            s.frame(1, f, f * 200);
        }
        s.frame(1, 6, 2700);
        s.endMs = 2800;
        Verdict v = judge(new CameraIsolation(), s);
        assertThat(v.witnesses()).singleElement().asString().contains("camera 1").contains("#1 camera 0 stop");
        // A caller that spins its event loop during the call (nested) still serves the other
        // cameras: a gap then is the machine's scheduling, not the call's doing.
        s.poll(2, 1500, 1600);
        assertThat(judge(new CameraIsolation(), s).holds()).isTrue();
        s.polls.clear();
        // A caller that polls only its own socket (poll-one) serves nobody else: still the call's doing.
        s.oneFdPoll(1, 1000, 1600);
        assertThat(judge(new CameraIsolation(), s).witnesses()).singleElement().asString().contains("#1 camera 0 stop");
        s.polls.clear();
        // The same gap with nobody else in a sync call is not this property's business.
        s.syncCalls.remove(1);
        assertThat(judge(new CameraIsolation(), s).holds()).isTrue();
        // Nor is a camera the scenario faults on purpose.
        Synthetic faulted = new Synthetic();
        faulted.cameras.add(new CameraInfo(0, "", false, List.of()));
        faulted.cameras.add(new CameraInfo(1, "", false, List.of("drop:50")));
        faulted.syncCalls.addAll(new Synthetic().cameras(2).ok(1, "start", START, 3, 0, 1, 1)
                .ok(0, "stop", STOP, 5, 1000, 1600, 1601).syncCalls);
        faulted.endMs = 1800;
        assertThat(judge(new CameraIsolation(), faulted).holds()).isTrue();
    }

    @Test
    void anEventSentBeforeTheReplyMustBeHandledBeforeTheCallReturns() {
        Synthetic s = new Synthetic().cameras(1).ok(0, "start", START, 2, 0, 10, 10.5);
        s.received.add(new Received(0, 0, 2, 0, "receiver", us(5)));
        s.deliveries.add(new Delivery(0, 0, 2, 0, "paramsReady", 2, 8, 1, us(11)));
        assertThat(judge(new EventBeforeReplyOrder(), s).witnesses()).singleElement().asString()
                .contains("handled at 11.0 ms");
        s.deliveries.set(0, new Delivery(0, 0, 2, 0, "paramsReady", 2, 8, 2, us(6)));
        assertThat(judge(new EventBeforeReplyOrder(), s).holds()).isTrue();
    }

    @Test
    void aDroppedMessageOrAnUnansweredProcessStatsIsLoss() {
        Synthetic s = new Synthetic().cameras(1);
        s.asyncSends.add(new AsyncSend(0, "processStats", 4, 1, us(100), 0));
        s.asyncSends.add(new AsyncSend(0, "processStats", 5, 2, us(300), 0));
        s.deliveries.add(new Delivery(0, 0, 1, 0, "metadataReady", 1, 12, 1, us(110)));
        assertThat(judge(new NoMessageLoss(), s).witnesses()).singleElement().asString().contains("frame 2");
        s.deliveries.add(new Delivery(0, 1, 1, 0, "metadataReady", 2, 12, 1, us(310)));
        assertThat(judge(new NoMessageLoss(), s).holds()).isTrue();
        s.notes.add(new Note(Note.DROPPED, 0, us(400), "datagram shorter than a header"));
        assertThat(judge(new NoMessageLoss(), s).holds()).isFalse();
    }

    @Test
    void everyVerdictNamesAPropertyOfSection7() {
        assertThat(Properties.names()).containsExactly("NoLostWakeup", "NoNestedDispatch", "BoundedReturn",
                "NoSpuriousTimeout", "EventuallyReturns", "NoStaleReplyAsEvent", "NoCookieConfusion",
                "CameraIsolation", "EventBeforeReplyOrder", "NoMatchedReplyTimeout", "PromptErrorOnExit",
                "NoEarlyTimeout", "NoMessageLoss");
    }

    @Test
    void aRecordingSurvivesJson() {
        Recording r = nestedStopAll().build();
        Recording back = Recording.fromJson(r.toJson());
        assertThat(back).isEqualTo(r);
        assertThat(r.toJson()).contains("\"syncCalls\"").contains("\"sleptAfterCompletionUs\"");
    }
}
