package org.ipcsync.trace;

/**
 * The outcome of validating one trace.
 *
 * @param accepted TLC found a behaviour of the spec that matches every recorded event
 * @param inconclusive TLC ran out of its time budget first: neither accepted nor rejected; step is
 *                 then the largest prefix matched so far + 1
 * @param step     when rejected: the 1-based index of the first event no behaviour could follow
 *                 (every behaviour matched at most step - 1 events); -1 when accepted
 * @param event    that event, null when accepted
 * @param length   events in the trace
 * @param states   distinct states TLC explored
 * @param seconds  wall time of the TLC run
 */
public record TraceVerdict(boolean accepted, boolean inconclusive, int step, SpecEvent event, int length, long states, double seconds) {
    public String describe() {
        if (inconclusive) {
            return String.format("inconclusive after %.0f s (%d states; matched %d of %d events so far)", seconds,
                    states, step - 1, length);
        }
        return accepted ? "accepted (" + length + " events, " + states + " states)"
                : "rejected at step " + step + " of " + length + ": " + (event == null ? "?" : event.describe());
    }
}
