package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * The patch's change of deadline (2000 ms to 1000 ms) must not turn a working IPA into a failing
 * one: a call whose reply arrived within the legacy {@link Bounds#legacyDeadlineUs()} of its
 * request never returns -ETIMEDOUT. The reply's arrival is when the pipe took it off the socket,
 * as the call's reply or, once the call had given up, as a stray reply on the event path.
 * Replies within {@link Bounds#timerRaceUs()} of the legacy deadline are not judged. Situation:
 * a reply slower than the patch's deadline and within the legacy one (an IPA whose init loads
 * tuning files or firmware for 1.5 s).
 */
public final class NoEarlyTimeout implements Property {
    @Override
    public String name() {
        return "NoEarlyTimeout";
    }

    @Override
    public String meaning() {
        return "a reply that arrives within the legacy 2000 ms is never turned into an error";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            long arrived = c.replyUs() >= 0 ? c.replyUs() : -1;
            if (arrived < 0) {
                for (Properties.StrayReply s : Properties.strayReplies(r)) {
                    if (s.call().id() == c.id()) {
                        arrived = s.received().us();
                        break;
                    }
                }
            }
            if (arrived < 0) {
                continue;
            }
            long after = arrived - c.sendUs();
            if (after > b.patchDeadlineUs() && after <= b.legacyDeadlineUs()) {
                situations++;
            }
            if (c.timedOut() && after + b.timerRaceUs() < b.legacyDeadlineUs()) {
                w.add(c.label() + ": its reply arrived " + ms(after) + " after the request (at " + ms(arrived)
                        + ", within the legacy " + ms(b.legacyDeadlineUs()) + "), yet it returned -ETIMEDOUT at "
                        + ms(c.returnUs()) + " (deadline " + ms(c.deadlineUs()) + ")");
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
