package org.ipcsync.trace;

import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.spec.Model;

/**
 * The recording → PollOne mapping (spec/PollOneTrace.tla):
 * <ul>
 * <li>a sync call's {@code sendUs} is the camera manager's {@code LoopDispatch} of the posted call
 *     (enter sendSync, send) at depth 1, or, for an invocation's later call, the trace spec's
 *     {@code InvocationGoesOn}; a call whose send failed (an error status with no reply) is that
 *     same step on a dead worker, which returns at once, so it has no separate return;</li>
 * <li>its {@code replyUs} is {@code Match} taking the message sendSync's own poll read as the
 *     reply (its own, or an IPA event with cookie 0 taken as init's);</li>
 * <li>its {@code returnUs} is {@code MatchedReturn}, or the timed-out {@code PollReturn} or
 *     {@code DeadlineTest};</li>
 * <li>a {@link Received} is {@code Match} posting a message that is not the call's reply to the
 *     loop, or, between calls, {@code LoopPoll}'s notifier reading it;</li>
 * <li>a {@link Delivery} of a message posted by {@code Match} is {@code LoopDispatch} running its
 *     recv, after sendSync returned: its own step (the order "deferred events after the call's
 *     return" is checked); a message the notifier read is delivered inside that same
 *     {@code LoopPoll} step, so its delivery is not an event.</li>
 * </ul>
 * Cookies are the recorded ones (the trace spec overrides CurrentCookie with them): the pipe
 * matches by cookie and the proxy numbers its async sends too. Frame dequeues do not wake
 * sendSync (it polls its own socket only), so they are not events.
 */
final class PollOneMapping extends CallMapping {
    PollOneMapping(Model model) {
        super(model);
    }

    @Override
    boolean failedSendIsOneStep() {
        return true;
    }

    @Override
    boolean deliveryIsOwnStep() {
        return true;
    }

    /**
     * Only the deliveries of messages sendSync deferred: the delivery's message (the camera's
     * Received of the same ordinal) was taken off the socket inside one of that camera's sync
     * calls, which is where the pipe defers; the notifier reads only between calls.
     */
    @Override
    boolean deliveryIsOwnStep(Recording r, Delivery d) {
        Received rc = r.received().stream().filter(x -> x.camera() == d.camera() && x.ordinal() == d.ordinal())
                .findFirst().orElse(null);
        if (rc == null) {
            throw new IllegalArgumentException("delivery #" + d.ordinal() + " of camera " + d.camera()
                    + " has no received message of that ordinal");
        }
        return r.syncCallsOf(d.camera()).stream()
                .anyMatch(s -> s.sendUs() <= rc.us() && (s.returnUs() < 0 || rc.us() <= s.returnUs()));
    }

    @Override
    boolean deviceWakesCaller() {
        return false;
    }
}
