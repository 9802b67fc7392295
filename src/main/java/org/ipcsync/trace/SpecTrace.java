package org.ipcsync.trace;

import java.util.List;
import org.ipcsync.spec.Model;

/**
 * A recording said in the spec's words: the events in recorded order plus what fixes the model's
 * size for this one trace. Immutable.
 *
 * @param recordedCookies true when the cookies are the recorded ones (the trace spec overrides
 *                     CurrentCookie with them), false when renumbered to the module's own
 * @param cookies      cookies.get(c): camera c's sync-call cookies in call order
 * @param ipaEvents    ipaEvents.get(c): IPA events (cookie 0) camera c's IPA sent that the pipe read
 * @param workerDeaths worker deaths the recording noted
 */
public record SpecTrace(Model design, boolean recordedCookies, int cameras, List<List<Integer>> cookies, List<Integer> ipaEvents,
                        int workerDeaths, TickClock clock, List<SpecEvent> events) {
    public SpecTrace {
        cookies = cookies.stream().map(List::copyOf).toList();
        ipaEvents = List.copyOf(ipaEvents);
        events = List.copyOf(events);
    }
}
