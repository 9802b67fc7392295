package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * Legacy ordering that pipeline handlers may rely on: an event the IPA sent before a sync reply
 * (so taken off the socket after the request went out and before the reply) is handled by the
 * proxy before the sync call returns. Received and delivered messages are matched per camera by
 * ordinal (recv preserves arrival order).
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
        for (SyncCall c : r.syncCalls()) {
            if (!c.returned() || c.replyUs() < 0 || c.status() == null || c.status() != 0) {
                continue;
            }
            for (Received e : r.received()) {
                if (e.camera() != c.camera() || e.us() < c.sendUs() || e.us() >= c.replyUs()) {
                    continue;
                }
                Delivery d = delivery(r, e);
                if (d == null || d.us() > c.returnUs()) {
                    w.add(c.label() + " returned at " + ms(c.returnUs()) + " before handling the event (cmd "
                            + e.cmd() + ") taken off the socket at " + ms(e.us())
                            + (d == null ? "; it was never handled" : "; handled at " + ms(d.us())));
                    break;
                }
            }
        }
        return Verdict.of(name(), w);
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
