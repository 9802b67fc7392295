package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * A sync call returns within {@link Bounds#replyToReturnUs()} of its reply being taken off the
 * socket, or, without a timely reply, within {@link Bounds#deadlineSlackUs()} of its deadline.
 * A call still open when the scenario ended past that limit violates it too. Time the scenario
 * held the caller ({@code hold=}) is added to the limit: it is scenario time. Situation: every
 * call sent before the end.
 */
public final class BoundedReturn implements Property {
    @Override
    public String name() {
        return "BoundedReturn";
    }

    @Override
    public String meaning() {
        return "a sync call returns soon after its reply, or by its deadline plus a small bound";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            if (c.sendUs() > r.endUs()) {
                continue;
            }
            situations++;
            long limit = (c.timelyReply() ? c.replyUs() + b.replyToReturnUs() : c.deadlineUs() + b.deadlineSlackUs())
                    + c.heldUs();
            String why = (c.timelyReply() ? "reply taken at " + ms(c.replyUs()) : "deadline " + ms(c.deadlineUs()))
                    + (c.heldUs() > 0 ? ", held up to " + ms(c.heldUs()) + " by the scenario" : "");
            boolean returned = Properties.returnedBy(r, c) >= 0;
            if (returned && c.returnUs() > limit) {
                w.add(c.label() + ": " + why + ", returned at " + ms(c.returnUs()) + " (limit " + ms(limit) + ")");
            } else if (!returned && r.endUs() > limit) {
                w.add(c.label() + ": " + why + ", still open at the end " + ms(r.endUs()) + " (limit " + ms(limit) + ")");
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
