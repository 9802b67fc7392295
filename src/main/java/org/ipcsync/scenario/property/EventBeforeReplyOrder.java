package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * Legacy ordering that pipeline handlers may rely on: an event the IPA sent before a sync reply
 * is handled by the proxy before the sync call returns. Two ways to break it: the event is taken
 * off the socket before the reply but handled after the call returned (or never); or the event
 * is swallowed as the call's reply (an IPA event, cookie 0, matched to the proxy's first call,
 * cookie 0): then it was sent before the real reply and was never handled as an event at all.
 * Received and delivered messages are matched per camera by ordinal (recv preserves arrival
 * order); stray replies on the event path are not IPA events (NoStaleReplyAsEvent's business). Situation: an event sent before a call's reply (taken off the socket between request
 * and reply, or swallowed as the reply). Scopes: "first call" (cookie 0) and "later calls".
 */
public final class EventBeforeReplyOrder implements Property {
    @Override
    public String name() {
        return "EventBeforeReplyOrder";
    }

    @Override
    public String meaning() {
        return "IPA events sent before a sync reply are handled before the sync call returns";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        Map<String, Verdict.Tally> scopes = Properties.callScopes();
        int situations = 0;
        List<Received> events = Properties.ipaEvents(r);
        for (SyncCall c : r.syncCalls()) {
            if (c.replyUs() < 0) {
                continue;
            }
            int before = 0;
            boolean broken = false;
            if (c.tookOtherMessage()) {
                before++;
                broken = true;
                w.add(c.label() + " took an IPA event (cmd " + c.replyCmd() + ") as its reply at " + ms(c.replyUs())
                        + ": that event was sent before the real reply and never handled as an event");
            }
            if (Properties.returnedBy(r, c) >= 0 && c.status() != null && c.status() == 0) {
                for (Received e : events) {
                    if (e.camera() != c.camera() || e.us() < c.sendUs() || e.us() >= c.replyUs()) {
                        continue;
                    }
                    before++;
                    Delivery d = delivery(r, e);
                    if (!broken && (d == null || d.us() > c.returnUs())) {
                        broken = true;
                        w.add(c.label() + " returned at " + ms(c.returnUs()) + " before handling the event (cmd "
                                + e.cmd() + ") taken off the socket at " + ms(e.us())
                                + (d == null ? "; it was never handled" : "; handled at " + ms(d.us())));
                    }
                }
            }
            situations += before;
            Properties.count(scopes, r, c, before, broken ? 1 : 0);
        }
        return Verdict.of(name(), w, situations, scopes);
    }

    private static Delivery delivery(Recording r, Received e) {
        for (Delivery d : r.deliveries()) {
            if (d.camera() == e.camera() && d.ordinal() == e.ordinal()) {
                return d;
            }
        }
        return null;
    }
}
