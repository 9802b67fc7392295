package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * A call whose reply was taken off the socket before its deadline never returns -ETIMEDOUT.
 * Replies within {@link Bounds#timerRaceUs()} of the deadline race the timer and are not judged.
 * Situation: a reply taken off the socket in time.
 */
public final class NoSpuriousTimeout implements Property {
    @Override
    public String name() {
        return "NoSpuriousTimeout";
    }

    @Override
    public String meaning() {
        return "a call whose reply arrived before its deadline never reports a timeout";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            boolean inTime = c.replyUs() >= 0 && c.replyUs() + b.timerRaceUs() < c.deadlineUs();
            if (inTime) {
                situations++;
            }
            if (inTime && c.timedOut()) {
                w.add(c.label() + ": reply taken at " + ms(c.replyUs()) + ", before the deadline "
                        + ms(c.deadlineUs()) + ", yet returned -ETIMEDOUT at " + ms(c.returnUs()));
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
