package org.ipcsync.trace;

import java.util.List;

/**
 * Maps recorded microseconds to the model's ticks. One tick is the design's timeout divided by
 * its deadline in ticks (1000 ms at scale 1, see spec/README.md), so a scaled run maps the same.
 *
 * <p>The origin sits half a tick before the first sync call's send: everything a healthy run does
 * between a send and its return takes milliseconds and a deadline fires one timeout after the
 * send, so both land mid-tick instead of straddling a boundary where scheduling jitter could put
 * an event in the neighbouring tick.
 *
 * <p>Holds are not model time. The scenario's {@code hold=} keeps a caller between the end of its
 * wait and its next step; the specs' pipeline threads take no time (a tick passes only while every
 * pipeline thread is blocked), so to the model a held thread is one that has not taken its next,
 * instantaneous step yet. The wall time of each hold is therefore cut out of the clock: whatever
 * happened during it (a reply arriving, say) happened at the hold's start in model time.
 */
public record TickClock(long originUs, long tickUs, List<Hold> holds) {
    /** A stretch of wall time the scenario held a pipeline thread: from {@code startUs}, {@code us} long. */
    public record Hold(long startUs, long us) {}

    public TickClock {
        if (tickUs <= 0) {
            throw new IllegalArgumentException("tick must be positive, got " + tickUs + " us");
        }
        holds = List.copyOf(holds);
    }

    static TickClock around(long firstSendUs, long tickUs, List<Hold> holds) {
        TickClock unanchored = new TickClock(0, tickUs, holds);
        return new TickClock(Math.max(0, unanchored.modelUs(firstSendUs) - tickUs / 2), tickUs, holds);
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
        return m <= originUs ? 0 : (m - originUs) / tickUs;
    }
}
