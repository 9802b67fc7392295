package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * No reply reaches the proxy's event path. A delivered message is a reply when it carries the
 * cmd and cookie of a sync request the proxy sent and a reply's payload (one status word);
 * events carry cookie 0 and longer payloads, so the two cannot be mistaken for each other here.
 */
public final class NoStaleReplyAsEvent implements Property {
    static final int STATUS_BYTES = 4;

    @Override
    public String name() {
        return "NoStaleReplyAsEvent";
    }

    @Override
    public String meaning() {
        return "a reply to a timed-out call is never delivered as an IPA event";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        for (Delivery d : r.deliveries()) {
            if (d.bytes() != STATUS_BYTES) {
                continue;
            }
            for (SyncCall c : r.syncCallsOf(d.camera())) {
                if (c.cmd() == d.cmd() && c.cookie() == d.cookie() && c.sendUs() <= d.us()) {
                    w.add("reply to " + c.label() + " (returned " + c.status() + ") delivered as event '"
                            + d.event() + "' at " + ms(d.us()));
                    break;
                }
            }
        }
        return Verdict.of(name(), w);
    }
}
