package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * A caller whose completion (reply taken off the socket, or deadline passed) has happened must
 * not go back to sleep in poll for longer than {@link Bounds#wakeupUs()}: such a sleep means the
 * wake-up meant for it was consumed by another waiter (§4, "lost wake-up"). Situation: a call
 * whose completion happened before it returned (every call that had to be woken).
 */
public final class NoLostWakeup implements Property {
    @Override
    public String name() {
        return "NoLostWakeup";
    }

    @Override
    public String meaning() {
        return "no caller sleeps in poll longer than the wake-up bound after its reply or deadline";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            long until = Properties.returnedBy(r, c) >= 0 ? c.returnUs() : r.endUs();
            long completion = c.completionUs();
            if (completion >= until) {
                continue;
            }
            situations++;
            long slept = Recording.longestSleep(r.polls(), c.thread(), completion, until);
            if (slept > b.wakeupUs()) {
                w.add(c.label() + ": " + (c.timelyReply() ? "reply taken at " + ms(c.replyUs())
                        : "deadline at " + ms(c.deadlineUs())) + ", then its thread slept in poll for "
                        + ms(slept) + (c.returned() ? " before returning at " + ms(c.returnUs()) : " and never returned")
                        + " (bound " + ms(b.wakeupUs()) + ")");
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
