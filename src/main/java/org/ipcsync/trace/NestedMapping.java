package org.ipcsync.trace;

import java.util.List;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;
import org.ipcsync.spec.Model;

/**
 * The recording → NestedDispatch ({@code Callers = "cm"}) mapping (spec/NestedDispatchTrace.tla):
 * <ul>
 * <li>a sync call's {@code sendUs} is the camera manager's {@code Dispatch} of the posted call,
 *     which starts {@code call()} (entry, send, Timer) in one step, at the recorded depth (the
 *     spec's depth is the length of the thread's processEvents stack before the call's level is
 *     pushed); a call whose send failed (an error status with no reply) is that same step taking
 *     the dead-worker branch, so it has no separate return;</li>
 * <li>its {@code replyUs} is {@code PollWake} reading that camera's socket and setting done;</li>
 * <li>its {@code returnUs} is the loop test ({@code Check}) returning the recorded status at the
 *     top of the stack, which is how nesting order is checked;</li>
 * <li>a {@link Recording.Received} is {@code PollWake} reading a datagram that matched no entry;
 *     the proxy's handling of it runs inside the same step (recv is a direct signal), so
 *     deliveries are not separate events;</li>
 * <li>a frame dequeue is a "device" event: a V4L2 notifier on the camera manager thread became
 *     ready, a wake source of poll the design spec leaves out (the trace spec adds it).</li>
 * </ul>
 * Cookies: NestedDispatch gives the k-th call cookie Seq0 + k - 1 and only ever compares cookies
 * with each other and with 0, so each camera's recorded cookies are renumbered to their call
 * index (k - 1), which keeps every comparison as long as the first call is the camera's cookie 0
 * (the proxy's init) and no later call carries 0. Other cookies keep an out-of-range number.
 */
final class NestedMapping extends CallMapping {
    /** Cookies that are no call's: kept distinct from every call index and from 0. */
    private static final int FOREIGN = 1000;

    NestedMapping(Model model) {
        super(model);
    }

    @Override
    boolean recordedCookies() {
        return false; // NestedDispatch only compares cookies with each other and with 0: renumbered
    }

    @Override
    int cookie(Recording r, int camera, int recorded) {
        List<SyncCall> calls = r.syncCallsOf(camera);
        if (!calls.isEmpty() && calls.get(0).cookie() != 0) {
            throw new IllegalArgumentException("camera " + camera + "'s first sync call has cookie "
                    + calls.get(0).cookie() + ", not 0: the renumbering to NestedDispatch's cookies needs the proxy's first call");
        }
        if (recorded == 0) {
            return 0;
        }
        for (int k = 1; k < calls.size(); k++) {
            if (calls.get(k).cookie() == recorded) {
                return k;
            }
        }
        return FOREIGN + recorded;
    }

    @Override
    boolean failedSendIsOneStep() {
        return true;
    }

    @Override
    boolean deliveryIsOwnStep() {
        return false;
    }

    @Override
    boolean deviceWakesCaller() {
        return true;
    }
}
