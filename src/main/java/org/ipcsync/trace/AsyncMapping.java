package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;
import org.ipcsync.spec.Model;

/**
 * The recording → AsyncRequests mapping (spec/AsyncRequestsTrace.tla), for async and the
 * reference alike (the switches come from the model's cfg). The application thread is the one
 * that blocks here; the camera manager thread sends, completes and never waits, so every recorded
 * step of a sync call is a turn of the camera manager's top-level loop:
 * <ul>
 * <li>a sync call's {@code sendUs} is {@code CMDispatch} of the posted operation (thread "cm",
 *     depth 1: the loop never nests in this design), or, for the second call of an operation
 *     (start: mapBuffers then start; stop: stop then unmapBuffers), the trace spec's
 *     {@code InvocationGoesOn}, which sends it in the turn that completed the first; a send that
 *     failed (an error with no reply, not caused by a recorded worker exit) is that same step
 *     completing the call at once, with no return of its own;</li>
 * <li>its {@code replyUs} is {@code CMReadyRead} completing the pending request;</li>
 * <li>its {@code returnUs} is the pipe reporting the completion ({@code syncCallReturned}, on
 *     the camera manager thread, not the application's wake-up, which is hidden): for -ETIMEDOUT
 *     the deadline timer's turn, {@code CMTimeout}; for 0 and for a worker exit's error, the
 *     report made in the turn that completed it (the match, the exit);</li>
 * <li>a {@link Recording.Received} is {@code CMReadyRead} handing the message to the event path
 *     (the proxy's slot runs in that turn, so deliveries are not separate events);</li>
 * <li>a worker-exited note (the reaper's, or the pipe's when it saw the death first) is a check
 *     that the worker is dead by then ("died"): the death is a hidden step before it;</li>
 * <li>reference only: a stale-reply note is {@code CMReadyRead} dropping and counting a reply no
 *     request waits for ("drop"), a worker-error note is {@code CMWorkerExit} ("exit"), which
 *     fails the pending call; those calls' error returns follow it.</li>
 * </ul>
 * An operation lasts from its dispatch until the application thread returns from it (its second
 * call is sent after the dispatch ended, from the loop). Cookies: AsyncRequests numbers the k-th
 * request of a camera {@code RequestCookie(k)} (k - 1, or k with NonZeroCookies) and only
 * compares cookies with each other and with 0, so each camera's recorded cookies are renumbered to
 * that (the real proxy numbers its async messages too). A recorded 0 stays 0 and a cookie that is
 * no call's, or whose call the spec would number 0, gets an out-of-range number, so a recording
 * whose cookie 0 is not where the spec has it is rejected at that send, not renumbered into
 * agreement. Frames are not mapped: a device notifier's turn wakes no one who waits on a call.
 */
final class AsyncMapping extends CallMapping {
    /** Cookies the spec cannot give a call: kept distinct from every call's number and from 0. */
    private static final int FOREIGN = 1000;
    /** How the recorder states a dropped reply's header (IPCMessage.Header#toString). */
    private static final Pattern COOKIE = Pattern.compile("cookie (\\d+)");

    private final boolean nonZeroCookies;

    AsyncMapping(Model model) {
        super(model);
        String s = model.switches().get("NonZeroCookies");
        if (s == null || !model.module().equals("AsyncRequests")) {
            throw new IllegalArgumentException(model.name() + " is no configuration of AsyncRequests");
        }
        nonZeroCookies = s.equals("TRUE");
    }

    @Override
    boolean recordedCookies() {
        return false; // renumbered to RequestCookie(k), see the class comment
    }

    /** The spec's cookie of a camera's k-th request (1-based), Seq0 being 0 in trace checks. */
    private int requestCookie(int k) {
        return nonZeroCookies ? k : k - 1;
    }

    @Override
    int cookie(Recording r, int camera, int recorded) {
        if (recorded == 0) {
            return 0;
        }
        List<SyncCall> calls = r.syncCallsOf(camera);
        for (int k = 1; k <= calls.size(); k++) {
            if (calls.get(k - 1).cookie() == recorded) {
                int c = requestCookie(k);
                return c != 0 ? c : FOREIGN + recorded;
            }
        }
        return FOREIGN + recorded;
    }

    @Override
    boolean failedSendIsOneStep() {
        return true;
    }

    /**
     * An error return with no reply is a failed send unless a fail-fast pipe's worker exit
     * (its worker-error note) came between the call's send and its return: then the exit failed
     * the pending call, and its return is an event of its own.
     */
    @Override
    boolean failedAtSend(Recording r, SyncCall s) {
        return super.failedAtSend(r, s) && r.notes().stream().noneMatch(
                n -> n.kind().equals(Recording.Note.WORKER_ERROR)
                && n.camera() == s.camera() && n.us() >= s.sendUs() && n.us() <= s.returnUs());
    }

    @Override
    long invocationEndUs(Recording.AppCall a) {
        return a.returnUs();
    }

    @Override
    boolean deliveryIsOwnStep() {
        return false;
    }

    @Override
    boolean deviceWakesCaller() {
        return false;
    }

    @Override
    List<SpecEvent> designEvents(Recording r) {
        List<SpecEvent> out = new ArrayList<>();
        for (Recording.Note n : r.notes()) {
            if (n.kind().equals(Recording.Note.STALE_REPLY)) {
                Matcher m = COOKIE.matcher(n.text());
                if (!m.find()) {
                    throw new IllegalArgumentException("stale-reply note without a cookie: " + n.text());
                }
                int recorded = Integer.parseUnsignedInt(m.group(1));
                out.add(event("drop", n.camera(), cookie(r, n.camera(), recorded), "reply", 0, SpecEvent.NONE,
                        SpecEvent.NONE, false, n.us(), "camera " + n.camera() + " dropped a stale reply (cookie "
                                + Integer.toUnsignedString(recorded) + ")"));
            } else if (n.kind().equals(Recording.Note.WORKER_EXITED) && n.us() <= r.endUs()) {
                // The death itself is hidden (it happened some time before anyone noticed); the
                // note says it had happened by then.
                out.add(event("died", n.camera(), 0, SpecEvent.NONE, 0, SpecEvent.NONE, SpecEvent.NONE, false, n.us(),
                        "camera " + n.camera() + "'s worker was seen dead (" + n.text() + ")"));
            } else if (n.kind().equals(Recording.Note.WORKER_ERROR)) {
                out.add(event("exit", n.camera(), 0, SpecEvent.NONE, 0, SpecEvent.NONE, SpecEvent.NONE, false, n.us(),
                        "camera " + n.camera() + "'s pipe saw its worker die and failed its pending calls"));
            }
        }
        return out;
    }
}
