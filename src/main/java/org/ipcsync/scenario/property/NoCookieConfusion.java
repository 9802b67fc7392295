package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * The message a pipe takes as a call's reply is that call's reply: it echoes the request's cmd.
 * An IPA event (cookie 0) taken as the reply of the proxy's first call (cookie 0) shows up as a
 * reply whose cmd is an event's. Situation: an IPA event that arrived while a call was pending
 * (taken off the socket as an event, or swallowed as the reply). Scopes: "first call" (cookie 0,
 * where both layers can produce the confusion) and "later calls" (cookie 1 and up).
 */
public final class NoCookieConfusion implements Property {
    @Override
    public String name() {
        return "NoCookieConfusion";
    }

    @Override
    public String meaning() {
        return "an IPA event is never taken as a sync reply";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        Map<String, Verdict.Tally> scopes = Properties.callScopes();
        int situations = 0;
        List<Received> ipaEvents = Properties.ipaEvents(r);
        for (SyncCall c : r.syncCalls()) {
            long until = c.returned() ? c.returnUs() : r.endUs();
            int events = 0;
            for (Received e : ipaEvents) {
                if (e.camera() == c.camera() && e.cookie() == 0 && e.us() >= c.sendUs() && e.us() < until) {
                    events++;
                }
            }
            boolean confused = c.tookOtherMessage();
            if (confused) {
                events++;
                w.add(c.label() + ": took a message with cmd " + c.replyCmd() + " (not " + c.cmd()
                        + ") as its reply at " + ms(c.replyUs()));
            }
            situations += events;
            Properties.count(scopes, r, c, events, confused ? 1 : 0);
        }
        return Verdict.of(name(), w, situations, scopes);
    }
}
