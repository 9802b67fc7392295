package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;
import org.ipcsync.spec.Model;

/**
 * What every design's mapping shares: a sync call's send, the datagram readyRead matched to it and
 * its return, datagrams that matched no call, and (per design) deliveries and device wake-ups,
 * ordered by recorded time. Subclasses say what differs: cookies, which steps are merged, and
 * which wake sources the design's caller has.
 */
abstract class CallMapping implements EventMapping {
    private static final String CM_THREAD_PREFIX = "camera-manager";
    /**
     * A post may have reached the camera manager's queue before events stamped up to this long
     * before it (wall time): the application thread stamps its post apart from the enqueue, and
     * other threads' stamps are apart from their effects too (readyRead's stamp precedes its recv
     * message), so within this slack the stamps do not order a post against them. 5 ms: the
     * largest such inversion seen was well under a millisecond, on a machine at load 20.
     */
    static final long POST_SLACK_US = 5_000;

    private final Model model;

    CallMapping(Model model) {
        this.model = model;
    }

    /** The spec configuration this mapping targets. */
    @Override
    public Model model() {
        return model;
    }

    /**
     * True when the trace spec takes the recorded cookies as they are (it overrides CurrentCookie
     * with them); a mapping that renumbers them in {@link #cookie} says false.
     */
    boolean recordedCookies() {
        return true;
    }

    /** The cookie the spec sees for camera's datagram or call carrying {@code recorded}: by default that one. */
    int cookie(Recording r, int camera, int recorded) {
        return recorded;
    }

    /** The spec's cookies of camera c's sync calls, in call order. */
    List<Integer> callCookies(Recording r, int camera) {
        return r.syncCallsOf(camera).stream().map(s -> cookie(r, camera, s.cookie())).toList();
    }

    /** True when a send that fails and its return are one spec step (a "send" event with status error). */
    abstract boolean failedSendIsOneStep();

    /** True when the proxy's handling of a recv message is its own spec step ("deliver"). */
    abstract boolean deliveryIsOwnStep();

    /** True when this delivery is its own spec step; by default every delivery or none ({@link #deliveryIsOwnStep()}). */
    boolean deliveryIsOwnStep(Recording r, Delivery d) {
        return deliveryIsOwnStep();
    }

    /** True when a frame dequeue wakes the calling thread (a "device" event). */
    abstract boolean deviceWakesCaller();

    @Override
    public SpecTrace map(Recording r) {
        requireComplete(r);
        int cameras = r.cameras().size();
        List<TickClock.Hold> holds = r.syncCalls().stream().filter(s -> s.heldUs() > 0 && s.waitEndUs() >= 0)
                // heldUs is the longest the caller may be held; the hold ends early at the reply's
                // match, and the return follows the hold's end at once, so it bounds the hold.
                .map(s -> new TickClock.Hold(s.waitEndUs(), s.returnUs() >= s.waitEndUs()
                        ? Math.min(s.heldUs(), s.returnUs() - s.waitEndUs()) : s.heldUs())).toList();
        List<Stamped> stamped = new ArrayList<>();
        List<List<Integer>> cookies = new ArrayList<>();
        int[] ipaEvents = new int[cameras];
        for (int c = 0; c < cameras; c++) {
            cookies.add(callCookies(r, c));
        }
        for (SyncCall s : r.syncCalls()) {
            String src = "sync " + s.label();
            // Several calls of one invocation (start: mapBuffers then start; stop: stop then
            // unmapBuffers) follow each other on the calling thread without passing its queue.
            List<SyncCall> invocation = sameInvocation(r, s);
            boolean continues = invocation.indexOf(s) > 0;
            boolean more = invocation.indexOf(s) < invocation.size() - 1;
            boolean failedSend = failedAtSend(r, s);
            if (!continues) {
                // The application thread's post of the invocation (AppCall): visible, so that the
                // search need not try every moment for every camera's post. A call made outside
                // any recorded invocation is taken as posted right before its dispatch.
                Recording.AppCall a = invocationOf(r, s);
                long postUs = a != null && a.postUs() >= 0 ? Math.min(a.postUs(), s.sendUs()) : s.sendUs();
                stamped.add(new Stamped(-1, event("post", s.camera(), cookie(r, s.camera(), s.cookie()), SpecEvent.NONE, 0,
                        SpecEvent.NONE, SpecEvent.NONE, false, postUs, src + " posted by the application"
                        + (a != null ? " (" + a.operation() + ")" : ""))));
            }
            // A call that continues its invocation is started after the previous call's return
            // (at an equal stamp too): rank 4 keeps it after that return.
            stamped.add(new Stamped(continues ? 4 : 0, event("send", s.camera(), cookie(r, s.camera(), s.cookie()),
                    SpecEvent.NONE, s.depth(), threadName(s.thread()), failedSend ? "error" : SpecEvent.NONE, continues,
                    s.sendUs(), src + (failedSend ? " failed to send (" + s.status() + ")" : " sent"))));
            if (failedSend) {
                continue;
            }
            if (s.replyUs() >= 0) {
                Datagram d = datagramTaken(r, s);
                stamped.add(new Stamped(1, event("match", s.camera(), cookie(r, s.camera(), d.cookie), d.kind, 0, SpecEvent.NONE,
                        SpecEvent.NONE, false, s.replyUs(), src + " matched a datagram with cmd " + s.replyCmd())));
            }
            if (s.returnUs() >= 0 && s.status() != null) {
                stamped.add(new Stamped(3, event("return", s.camera(), cookie(r, s.camera(), s.cookie()), SpecEvent.NONE, 0, SpecEvent.NONE,
                        status(s.status()), more, s.returnUs(), src + " returned " + s.status())));
            }
        }
        for (Received rc : r.received()) {
            boolean reply = isReplyOf(r, rc.camera(), rc.cmd(), rc.cookie(), rc.us());
            stamped.add(new Stamped(2, event("recv", rc.camera(), cookie(r, rc.camera(), rc.cookie()), reply ? "reply" : "event", 0,
                    SpecEvent.NONE, SpecEvent.NONE, false, rc.us(),
                    "received #" + rc.ordinal() + " camera " + rc.camera() + " cmd " + rc.cmd() + " matched no call")));
        }
        for (Delivery d : r.deliveries().stream().filter(d -> deliveryIsOwnStep(r, d)).toList()) {
            stamped.add(new Stamped(2, event("deliver", d.camera(), d.cookie(), SpecEvent.NONE, d.depth(),
                    SpecEvent.NONE, SpecEvent.NONE, false, d.us(),
                    "delivery #" + d.ordinal() + " camera " + d.camera() + " " + d.event())));
        }
        for (Recording.Frame f : deviceWakesCaller() ? r.frames() : List.<Recording.Frame>of()) {
            if (f.dequeuedUs() >= 0) {
                stamped.add(new Stamped(2, event("device", f.camera(), 0, SpecEvent.NONE, 0, SpecEvent.NONE,
                        SpecEvent.NONE, false, f.dequeuedUs(),
                        "frame " + f.frame() + " of camera " + f.camera() + " dequeued (a device notifier fired)")));
            }
        }
        for (SpecEvent e : designEvents(r)) {
            stamped.add(new Stamped(2, e));
        }
        // A hung recording ends where the watchdog fired: what follows is the engine unsticking
        // the camera manager (posted wake-ups the spec has no counterpart for, see
        // ScenarioRunner's watchdog), not the scenario. The behaviour up to there is checked.
        // Likewise a run that ended at libcamera's abort (its end is the abort): the proxy
        // handles nothing after it, so queued recv messages are never delivered, and what the
        // engine still did to release the cameras is not the design's behaviour.
        boolean cut = r.hung() || r.abortUs() >= 0;
        long end = cut ? r.endUs() : Long.MAX_VALUE;
        stamped.removeIf(s -> s.event.us() > end);
        // Recorded order is time order; at equal stamps a call's own steps keep program order.
        stamped.sort(Comparator.comparingLong((Stamped s) -> s.event.us()).thenComparingInt(s -> s.rank));
        for (int k = 0; k < stamped.size(); k++) {
            SpecEvent e = stamped.get(k).event;
            if (e.ev().equals("post")) {
                int n = 0;
                while (k - n - 1 >= 0 && stamped.get(k - n - 1).event.us() >= e.us() - POST_SLACK_US) {
                    n++;
                }
                stamped.set(k, new Stamped(stamped.get(k).rank, e.early(n)));
            }
        }
        for (Stamped s : stamped) {
            if (s.event.kind().equals("event") && (s.event.ev().equals("recv") || s.event.ev().equals("match"))) {
                ipaEvents[s.event.camera()]++;
            }
        }
        long last = cut ? r.endUs() : Math.max(r.endUs(), stamped.isEmpty() ? 0 : stamped.get(stamped.size() - 1).event.us());
        List<TickClock.Timer> timers = r.syncCalls().stream()
                .map(s -> new TickClock.Timer(s.sendUs(), s.deadlineUs(), s.returnUs() >= 0 && s.returnUs() <= end
                        ? s.returnUs() : last)).toList();
        List<TickClock.Sleep> sleeps = r.polls().stream().filter(p -> threadName(p.thread()).equals("cm"))
                .map(p -> new TickClock.Sleep(p.blockUs(), p.unblockUs() >= 0 ? p.unblockUs() : last)).toList();
        TickClock clock = TickClock.forTimers(model.deadlineTicks(), timers,
                stamped.stream().map(s -> s.event.us()).toList(), sleeps, holds);
        List<Integer> events = new ArrayList<>();
        for (int n : ipaEvents) {
            events.add(n);
        }
        return new SpecTrace(model, recordedCookies(), cameras, cookies, events, r.workerDeaths().size(), clock,
                stamped.stream().map(s -> s.event.at(clock.tick(s.event.us()))).toList());
    }

    private record Stamped(int rank, SpecEvent event) {}

    private record Datagram(String kind, int cookie) {}

    /**
     * True when call s failed in its send step, so its send event carries the error and it has no
     * return event of its own: by default, an error return without a reply in a design whose
     * failed send and return are one step.
     */
    boolean failedAtSend(Recording r, SyncCall s) {
        return failedSendIsOneStep() && s.replyUs() < 0 && s.status() != null && status(s.status()).equals("error");
    }

    /**
     * Where an application invocation's dispatch window ends, for telling which sync calls it
     * made: by default the end of its dispatch on the camera manager thread, where a blocking
     * design's calls are all made.
     */
    long invocationEndUs(Recording.AppCall a) {
        return a.endUs();
    }

    /** Visible events only this design's spec has (none by default); ordered with the others by stamp. */
    List<SpecEvent> designEvents(Recording r) {
        return List.of();
    }

    /** An event whose tick is set once the clock is known. */
    static SpecEvent event(String ev, int camera, int cookie, String kind, int depth, String thread,
                                   String status, boolean chained, long us, String source) {
        return new SpecEvent(ev, camera, cookie, kind, depth, thread, status, chained, 0, us, -1, source);
    }

    /**
     * The application invocation a sync call ran in: the innermost app call of the same camera
     * whose dispatch window holds the send; null when none does.
     */
    private Recording.AppCall invocationOf(Recording r, SyncCall s) {
        Recording.AppCall best = null;
        for (Recording.AppCall a : r.appCalls()) {
            long end = invocationEndUs(a);
            boolean holds = a.camera() == s.camera() && a.beginUs() >= 0 && a.beginUs() <= s.sendUs()
                    && (end < 0 || end >= s.sendUs());
            if (holds && (best == null || a.beginUs() > best.beginUs())) {
                best = a;
            }
        }
        return best;
    }

    /** The calls of s's invocation, in send order (just s when it ran in none). */
    private List<SyncCall> sameInvocation(Recording r, SyncCall s) {
        Recording.AppCall a = invocationOf(r, s);
        if (a == null) {
            return List.of(s);
        }
        return r.syncCallsOf(s.camera()).stream().filter(o -> {
            Recording.AppCall b = invocationOf(r, o);
            return b != null && b.id() == a.id();
        }).sorted(Comparator.comparingLong(SyncCall::sendUs)).toList();
    }

    /**
     * A recording whose pipes reported nothing maps to an empty trace, which every spec accepts:
     * acceptance would be vacuous. An init the application saw succeed must have its sync call.
     */
    static void requireComplete(Recording r) {
        for (Recording.AppCall a : r.appCalls()) {
            boolean initOk = a.operation().equals("init") && "0".equals(a.outcome());
            if (initOk && r.syncCallsOf(a.camera()).stream().noneMatch(s -> s.command().equals("init"))) {
                throw new IllegalArgumentException("incomplete recording: camera " + a.camera()
                        + "'s init returned 0 but no init sync call was recorded (did the pipe observer run?)");
            }
        }
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
        // The latest earlier call of this camera with that cmd whose own reply was never matched:
        // a stale reply still in the socket. Event and command cmds are numbered separately
        // (metadataReady and init are both 1), so a cmd alone does not make a datagram a reply.
        SyncCall other = null;
        for (SyncCall o : r.syncCallsOf(s.camera())) {
            if (o.id() != s.id() && o.cmd() == s.replyCmd() && o.sendUs() <= s.sendUs() && unanswered(o)) {
                other = o;
            }
        }
        return other != null ? new Datagram("reply", other.cookie()) : new Datagram("event", 0);
    }

    /**
     * A datagram that matched no call is a stale reply when a call of that camera with its cookie
     * and cmd was sent before it and never had its own reply matched; otherwise it is an IPA event
     * (cmd alone cannot tell: event and command cmds overlap).
     */
    private static boolean isReplyOf(Recording r, int camera, int cmd, int cookie, long us) {
        return r.syncCallsOf(camera).stream()
                .anyMatch(s -> s.cmd() == cmd && s.cookie() == cookie && s.sendUs() <= us && unanswered(s));
    }

    private static boolean unanswered(SyncCall s) {
        return s.replyUs() < 0 || s.replyCmd() != s.cmd();
    }
}
