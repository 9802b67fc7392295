package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * The message a pipe takes as a call's reply is that call's reply: it echoes the request's cmd.
 * An IPA event (cookie 0) taken as the reply of the proxy's first call (cookie 0) shows up as a
 * reply whose cmd is an event's.
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
        for (SyncCall c : r.syncCalls()) {
            if (c.replyUs() >= 0 && c.replyCmd() != c.cmd()) {
                w.add(c.label() + ": took a message with cmd " + c.replyCmd() + " (not " + c.cmd()
                        + ") as its reply at " + ms(c.replyUs()));
            }
        }
        return Verdict.of(name(), w);
    }
}
