package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;
import org.ipcsync.spec.Design;

/**
 * The recording → ThreadedSync mapping (spec/ThreadedSyncTrace.tla):
 * <ul>
 * <li>a sync call's {@code sendUs} is {@code CMSend} (step b) with its cookie, on the thread and
 *     at the depth it was recorded with (the spec makes every call on the camera manager
 *     thread's top-level loop: "cm", depth 1);</li>
 * <li>its {@code replyUs} is {@code RxReadyRead} matching the pending call (step r); the datagram
 *     is the call's own reply when {@code replyCmd = cmd}, another call's reply when
 *     {@code replyCmd} is that call's cmd, else an IPA event (cookie 0);</li>
 * <li>its {@code returnUs} is the step that ends sendSync with the recorded status: CMCheck or
 *     CMWake for 0, CMCleanup for -ETIMEDOUT, nothing for any other status (the spec's sends
 *     cannot fail, so such a return is rejected);</li>
 * <li>a {@link Received} (a datagram that matched no pending call) is {@code RxReadyRead}'s
 *     no-match branch, a {@link Delivery} is the camera manager's {@code CMDispatch} of the recv
 *     message.</li>
 * </ul>
 * Not mapped, because the spec has no counterpart or the recording cannot see it: application
 * calls (the spec's AppCall and the dispatch of the call message are hidden steps), async sends
 * (they raise the cookies, which the trace carries as recorded, and get no reply), the waitEnd
 * stamp (the wake-up that returns is the return step), polls (the camera manager's poll is
 * implicit in the spec) and frames. Worker deaths are hidden steps, allowed as often as noted.
 */
final class ThreadedMapping implements EventMapping {
    private static final String CM_THREAD_PREFIX = "camera-manager";

    @Override
    public SpecTrace map(Recording r) {
        int cameras = r.cameras().size();
        long firstSend = r.syncCalls().stream().mapToLong(SyncCall::sendUs).min().orElse(0);
        TickClock clock = TickClock.around(firstSend, r.timeoutUs() / Design.THREADED.deadlineTicks());
        List<Stamped> stamped = new ArrayList<>();
        List<List<Integer>> cookies = new ArrayList<>();
        int[] ipaEvents = new int[cameras];
        for (int c = 0; c < cameras; c++) {
            cookies.add(r.syncCallsOf(c).stream().map(SyncCall::cookie).toList());
        }
        for (SyncCall s : r.syncCalls()) {
            String src = "sync " + s.label();
            stamped.add(new Stamped(0, event("send", s.camera(), s.cookie(), SpecEvent.NONE, s.depth(),
                    threadName(s.thread()), SpecEvent.NONE, s.sendUs(), clock, src + " sent")));
            if (s.replyUs() >= 0) {
                Datagram d = datagramTaken(r, s);
                if (d.kind.equals("event")) {
                    ipaEvents[s.camera()]++;
                }
                stamped.add(new Stamped(1, event("match", s.camera(), d.cookie, d.kind, 0, SpecEvent.NONE,
                        SpecEvent.NONE, s.replyUs(), clock, src + " matched a datagram with cmd " + s.replyCmd())));
            }
            if (s.returnUs() >= 0 && s.status() != null) {
                stamped.add(new Stamped(3, event("return", s.camera(), s.cookie(), SpecEvent.NONE, 0, SpecEvent.NONE,
                        status(s.status()), s.returnUs(), clock, src + " returned " + s.status())));
            }
        }
        for (Received rc : r.received()) {
            boolean reply = isReplyOf(r, rc.camera(), rc.cmd(), rc.cookie());
            if (!reply) {
                ipaEvents[rc.camera()]++;
            }
            stamped.add(new Stamped(2, event("recv", rc.camera(), rc.cookie(), reply ? "reply" : "event", 0,
                    SpecEvent.NONE, SpecEvent.NONE, rc.us(), clock,
                    "received #" + rc.ordinal() + " camera " + rc.camera() + " cmd " + rc.cmd() + " matched no call")));
        }
        for (Delivery d : r.deliveries()) {
            stamped.add(new Stamped(2, event("deliver", d.camera(), d.cookie(), SpecEvent.NONE, d.depth(),
                    SpecEvent.NONE, SpecEvent.NONE, d.us(), clock,
                    "delivery #" + d.ordinal() + " camera " + d.camera() + " " + d.event())));
        }
        // Recorded order is time order; at equal stamps a call's own steps keep program order.
        stamped.sort(Comparator.comparingLong((Stamped s) -> s.event.us()).thenComparingInt(s -> s.rank));
        List<Integer> events = new ArrayList<>();
        for (int n : ipaEvents) {
            events.add(n);
        }
        return new SpecTrace(Design.THREADED, cameras, cookies, events, r.workerDeaths().size(), clock,
                stamped.stream().map(s -> s.event).toList());
    }

    private record Stamped(int rank, SpecEvent event) {}

    private record Datagram(String kind, int cookie) {}

    private static SpecEvent event(String ev, int camera, int cookie, String kind, int depth, String thread,
                                   String status, long us, TickClock clock, String source) {
        return new SpecEvent(ev, camera, cookie, kind, depth, thread, status, us, clock.tick(us), source);
    }

    /** The spec's thread names: the camera manager is "cm"; other threads keep their names (and cannot match). */
    static String threadName(String recorded) {
        return recorded != null && recorded.startsWith(CM_THREAD_PREFIX) ? "cm" : String.valueOf(recorded);
    }

    static String status(int status) {
        if (status == 0) {
            return "ok";
        }
        return status == -Recording.ETIMEDOUT ? "timeout" : "error";
    }

    /** What readyRead took as call s's reply: its own reply, another call's reply, or an IPA event. */
    private static Datagram datagramTaken(Recording r, SyncCall s) {
        if (s.replyCmd() == s.cmd()) {
            return new Datagram("reply", s.cookie());
        }
        // The latest earlier call of this camera with that cmd: a stale reply still in the socket.
        SyncCall other = null;
        for (SyncCall o : r.syncCallsOf(s.camera())) {
            if (o.id() != s.id() && o.cmd() == s.replyCmd() && o.sendUs() <= s.sendUs()) {
                other = o;
            }
        }
        return other != null ? new Datagram("reply", other.cookie()) : new Datagram("event", 0);
    }

    private static boolean isReplyOf(Recording r, int camera, int cmd, int cookie) {
        return r.syncCallsOf(camera).stream().anyMatch(s -> s.cmd() == cmd && s.cookie() == cookie);
    }
}
