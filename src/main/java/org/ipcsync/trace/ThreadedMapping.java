package org.ipcsync.trace;

import org.ipcsync.scenario.Recording;
import org.ipcsync.spec.Model;

/**
 * The recording → ThreadedSync mapping (spec/ThreadedSyncTrace.tla):
 * <ul>
 * <li>a sync call's {@code sendUs} is {@code CMSend} (step b) with its cookie, on the thread and
 *     at the depth it was recorded with (the spec makes every call on the camera manager
 *     thread's top-level loop: "cm", depth 1);</li>
 * <li>its {@code replyUs} is {@code RxReadyRead} matching the pending call (step r); the datagram
 *     is the call's own reply when {@code replyCmd = cmd}, an earlier call's reply when
 *     {@code replyCmd} is that call's cmd, else an IPA event (cookie 0);</li>
 * <li>its {@code returnUs} is the step that ends sendSync with the recorded status: CMCheck or
 *     CMWake for 0, CMCleanup for -ETIMEDOUT; any other status is an "error" return, which the
 *     spec cannot produce (its sends cannot fail), so it is rejected;</li>
 * <li>a {@link Recording.Received} (a datagram that matched no pending call) is
 *     {@code RxReadyRead}'s no-match branch, a {@link Recording.Delivery} is the camera manager's
 *     {@code CMDispatch} of the recv message.</li>
 * </ul>
 * Cookies are the recorded ones (the trace spec overrides CurrentCookie with them). Not mapped,
 * because the spec has no counterpart or the recording cannot see it: application calls (the
 * spec's AppCall and the dispatch of the call message are hidden steps), async sends (they raise
 * the cookies and get no reply), the waitEnd stamp (the wake-up that returns is the return step),
 * polls (the camera manager's poll is implicit in the spec) and frames (nothing the caller waits
 * on). Worker deaths are hidden steps, allowed as often as the recording noted one.
 */
final class ThreadedMapping extends CallMapping {
    /** {@code model}: threaded, or the notify-removed mutant to ask whether it could have produced the recording. */
    ThreadedMapping(Model model) {
        super(model);
    }

    @Override
    boolean failedSendIsOneStep() {
        return false;
    }

    @Override
    boolean deliveryIsOwnStep() {
        return true;
    }

    @Override
    boolean deviceWakesCaller() {
        return false;
    }
}
