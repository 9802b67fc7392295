package org.ipcsync.trace;

/**
 * Maps recorded microseconds to the model's ticks. One tick is the design's timeout divided by
 * its deadline in ticks (1000 ms at scale 1, see spec/README.md), so a scaled run maps the same.
 * The origin sits half a tick before the first sync call's send: everything a healthy run does
 * between a send and its return takes milliseconds and a deadline fires one timeout after the
 * send, so both land mid-tick instead of straddling a boundary where scheduling jitter could
 * put an event in the neighbouring tick.
 */
public record TickClock(long originUs, long tickUs) {
    public TickClock {
        if (tickUs <= 0) {
            throw new IllegalArgumentException("tick must be positive, got " + tickUs + " us");
        }
    }

    static TickClock around(long firstSendUs, long tickUs) {
        return new TickClock(Math.max(0, firstSendUs - tickUs / 2), tickUs);
    }

    public long tick(long us) {
        return us <= originUs ? 0 : (us - originUs) / tickUs;
    }
}
