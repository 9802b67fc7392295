package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * No reply to a request ever reaches the proxy's event path, whatever became of its call: a call
 * that timed out, and a call completed by something else (an IPA event taken as the proxy's
 * first call's reply, §4), both leave their real reply to arrive later and be emitted as an
 * event. Replies are told from events by {@link Properties#strayReplies}. Situation: a call that
 * ended without its own reply (timed out, or took another message), so a reply was still owed.
 */
public final class NoStaleReplyAsEvent implements Property {
    @Override
    public String name() {
        return "NoStaleReplyAsEvent";
    }

    @Override
    public String meaning() {
        return "no reply to a request is ever delivered as an IPA event";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            if (c.timedOut() || c.tookOtherMessage()) {
                situations++;
            }
        }
        for (Properties.StrayReply s : Properties.strayReplies(r)) {
            SyncCall c = s.call();
            w.add("reply to " + c.label() + " (returned " + c.status()
                    + (c.tookOtherMessage() ? ", after taking a message with cmd " + c.replyCmd() + " as its reply" : "")
                    + ") emitted as an event at " + ms(s.received().us())
                    + (s.delivery() == null ? "" : ", handled as '" + s.delivery().event() + "' at "
                    + ms(s.delivery().us())));
        }
        return Verdict.of(name(), w, situations);
    }
}
