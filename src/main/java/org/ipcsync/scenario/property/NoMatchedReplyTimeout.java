package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * A reply the pipe matched to a pending call (its {@code replyReceived}: the pipe consumed it as
 * that call's reply, so it will never reach the event path) is never reported to the caller as
 * a timeout. The reply is gone either way; a timeout on top of it loses the IPA's answer.
 * Situation: a matched reply close to its call's timeout: taken after the caller's wait ended
 * (the pipe's {@code syncWaitEnded} point, widened by a scenario {@code hold=}), within
 * {@link Bounds#timerRaceUs()} of the deadline or after it, or while the call was still open past
 * its deadline (an outer nested frame).
 */
public final class NoMatchedReplyTimeout implements Property {
    @Override
    public String name() {
        return "NoMatchedReplyTimeout";
    }

    @Override
    public String meaning() {
        return "a reply the pipe matched to a pending call is never reported to the caller as a timeout";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            if (c.replyUs() < 0) {
                continue;
            }
            long until = c.returned() ? c.returnUs() : r.endUs();
            boolean afterWait = c.waitEndUs() >= 0 && c.replyUs() >= c.waitEndUs();
            if (afterWait || c.replyUs() + b.timerRaceUs() >= c.deadlineUs() || until > c.deadlineUs()) {
                situations++;
            }
            if (c.timedOut()) {
                w.add(c.label() + ": reply matched at " + ms(c.replyUs())
                        + (c.waitEndUs() >= 0 ? " (wait ended at " + ms(c.waitEndUs())
                        + (c.heldUs() > 0 ? ", caller held up to " + ms(c.heldUs()) : "") + ")" : "")
                        + ", yet returned -ETIMEDOUT at " + ms(c.returnUs()));
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
