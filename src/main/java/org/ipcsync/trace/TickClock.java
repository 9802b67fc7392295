package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Maps recorded microseconds to the model's ticks: an event's tick is the number of tick
 * boundaries at or before it. Immutable.
 *
 * <p>Why boundaries and not a uniform grid: in the specs a tick is only "time passes while every
 * pipeline thread is blocked", and the one thing ticks decide is when a sync call's timer runs out
 * (it reaches 0 on the {@code Deadline}-th tick after the send). On a uniform grid a timer sent
 * late in its tick runs out at a boundary up to one tick before its real deadline, and every
 * event recorded in between (another camera's datagram read by a poll that would, in the model,
 * have to drain the expired timer first) was rejected: that was a mapping bug, not a disagreement.
 * So the boundaries are placed where the recording says timers ran out: at the recorded deadline
 * of every call whose timer expired (the call had not returned by then), and, for a design whose
 * deadline is several ticks, the other boundaries of that call's window at a moment the camera
 * manager thread was recorded asleep in poll (a tick needs every pipeline thread blocked: a
 * boundary between an application's post and its dispatch, say, was rejected), the middle of
 * the longest such sleep inside the window, preferring sleeps where no other timer would be
 * pushed to expire early; without recorded sleeps, the middle of the longest gap between events. A call that returned before its deadline must see
 * fewer than {@code Deadline} boundaries; {@link #conflicts()} counts the timers the placement
 * could not make exact (the model then lets them expire early, which can reject a faithful trace).
 *
 * <p>Holds are not model time. The scenario's {@code hold=} keeps a caller between the end of its
 * wait and its next step; the specs' pipeline threads take no time, so to the model a held thread
 * is one that has not taken its next, instantaneous step yet. The wall time of each hold is cut
 * out: whatever happened during it happened at the hold's start in model time.
 */
public record TickClock(List<Long> boundariesUs, List<Hold> holds, int conflicts) {
    /** A stretch of wall time the scenario held a pipeline thread: from {@code startUs}, {@code us} long. */
    public record Hold(long startUs, long us) {}

    /** A stretch of wall time the camera manager thread slept in poll. */
    public record Sleep(long fromUs, long toUs) {}

    /**
     * One sync call's timer, in recorded microseconds.
     *
     * @param sendUs     the timer starts (the send)
     * @param deadlineUs it runs out
     * @param endUs      the call returned (the timer is destroyed), or the recording ended
     */
    public record Timer(long sendUs, long deadlineUs, long endUs) {
        /** The timer ran out while the call was still open. */
        boolean expires() {
            return deadlineUs >= 0 && endUs >= deadlineUs;
        }
    }

    public TickClock {
        boundariesUs = List.copyOf(boundariesUs);
        holds = List.copyOf(holds);
    }

    /**
     * The boundaries for these timers, {@code deadlineTicks} being the design's {@code Deadline}
     * (every timer runs out on that many boundaries after its send); {@code eventUs} are the
     * recorded events' times, used to find quiet moments.
     */
    static TickClock forTimers(int deadlineTicks, List<Timer> recorded, List<Long> eventUs, List<Sleep> sleeps,
                               List<Hold> holds) {
        TickClock cut = new TickClock(List.of(), holds, 0);
        List<Timer> timers = recorded.stream().map(t -> new Timer(cut.modelUs(t.sendUs()), cut.modelUs(t.deadlineUs()),
                cut.modelUs(t.endUs()))).toList();
        List<Long> events = eventUs.stream().map(cut::modelUs).sorted().distinct().toList();
        List<Sleep> quiet = sleeps.stream().map(z -> new Sleep(cut.modelUs(z.fromUs()), cut.modelUs(z.toUs()))).toList();
        TreeSet<Long> b = new TreeSet<>();
        int conflicts = 0;
        // In send order: a timer's window then already holds the deadlines of the timers sent
        // before it, which run out inside it. Its own deadline becomes a boundary only if the
        // window holds fewer than Deadline - 1 others; two timers sent in the same tick run out
        // together in the model, at the earlier deadline (counted as a conflict).
        for (Timer t : timers.stream().filter(Timer::expires).sorted((x, y) -> Long.compare(x.sendUs(), y.sendUs())).toList()) {
            int need = deadlineTicks - 1 - inside(b, t.sendUs(), t.deadlineUs());
            if (need < 0) {
                conflicts++;
                continue;
            }
            for (int k = 0; k < need; k++) {
                Long p = quietest(b, t, timers, candidates(t, events, quiet), deadlineTicks);
                if (p == null) {
                    conflicts++;
                    break;
                }
                b.add(p);
            }
            b.add(t.deadlineUs());
        }
        for (Timer t : timers) {
            if (!t.expires() && t.endUs() > t.sendUs() && inside(b, t.sendUs(), t.endUs() + 1) >= deadlineTicks) {
                conflicts++;
            }
        }
        return new TickClock(new ArrayList<>(b), holds, conflicts);
    }

    /** Boundaries strictly between from and to. */
    private static int inside(TreeSet<Long> b, long from, long to) {
        return to - from <= 1 ? 0 : b.subSet(from, false, to, false).size();
    }

    /** Stretches inside t's window where a boundary may go: the recorded sleeps, else the gaps between events. */
    private static List<Sleep> candidates(Timer t, List<Long> events, List<Sleep> sleeps) {
        List<Sleep> out = new ArrayList<>();
        for (Sleep z : sleeps) {
            // A recorded event inside a sleep (an application's post) is what ended it: the poll
            // woke then, even if the recorded unblock came later.
            long woken = events.stream().filter(u -> u > z.fromUs() && u < z.toUs()).findFirst().orElse(z.toUs());
            long from = Math.max(z.fromUs(), t.sendUs());
            long to = Math.min(woken, t.deadlineUs());
            if (to - from >= 2) {
                out.add(new Sleep(from, to));
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        List<Long> points = new ArrayList<>();
        points.add(t.sendUs());
        events.stream().filter(u -> u > t.sendUs() && u < t.deadlineUs()).forEach(points::add);
        points.add(t.deadlineUs());
        for (int k = 0; k + 1 < points.size(); k++) {
            out.add(new Sleep(points.get(k), points.get(k + 1)));
        }
        return out;
    }

    /**
     * The middle of the candidate stretch that pushes the fewest other timers to expire early; the
     * longest such stretch on a tie.
     */
    private static Long quietest(TreeSet<Long> b, Timer t, List<Timer> timers, List<Sleep> stretches, int deadlineTicks) {
        Long best = null;
        long bestGap = -1;
        int bestCost = Integer.MAX_VALUE;
        for (Sleep z : stretches) {
            long gap = z.toUs() - z.fromUs();
            long p = z.fromUs() + gap / 2;
            if (gap < 2 || b.contains(p)) {
                continue;
            }
            int cost = 0;
            for (Timer o : timers) {
                if (o == t) {
                    continue;
                }
                long end = o.expires() ? o.deadlineUs() : o.endUs() + 1;
                // t's own deadline, added after this, will be inside o's window too.
                int coming = t.deadlineUs() > o.sendUs() && t.deadlineUs() < end ? 1 : 0;
                if (p > o.sendUs() && p < end && inside(b, o.sendUs(), end) + coming + 1 >= deadlineTicks) {
                    cost++;
                }
            }
            if (cost < bestCost || cost == bestCost && gap > bestGap) {
                best = p;
                bestGap = gap;
                bestCost = cost;
            }
        }
        return best;
    }

    /** Wall time minus the held time before it. */
    long modelUs(long us) {
        long held = 0;
        for (Hold h : holds) {
            held += Math.max(0, Math.min(us - h.startUs(), h.us()));
        }
        return us - held;
    }

    public long tick(long us) {
        long m = modelUs(us);
        int n = 0;
        for (long b : boundariesUs) {
            if (b <= m) {
                n++;
            }
        }
        return n;
    }

    /** For the trace module's header. */
    public String describe() {
        return boundariesUs.size() + " tick boundaries at " + boundariesUs + " us (model time)"
                + (conflicts > 0 ? ", " + conflicts + " timers not exact" : "");
    }
}
