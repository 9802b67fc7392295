package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Note;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * When a camera's worker dies (crash, SIGKILL, OOM) while a sync call of that camera is pending
 * (sent, no reply yet), the call returns an error within {@link Bounds#exitToErrorUs()} of the
 * death, not at its deadline. The death is stamped by the first to see it: the thread that reaped
 * the worker, which the kit's recorder listens to (libcamera's pipe and proxy do not), or a
 * fail-fast pipe's own exit watch when that is quicker (both wake on the same kernel event; the
 * run may end before the reaping thread's report). Situation: a worker death during a pending call.
 */
public final class PromptErrorOnExit implements Property {
    @Override
    public String name() {
        return "PromptErrorOnExit";
    }

    @Override
    public String meaning() {
        return "when the worker dies, a pending call returns an error promptly, not at its deadline";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (Note death : r.workerDeaths()) {
            long at = death.us();
            for (SyncCall c : r.syncCallsOf(death.camera())) {
                boolean pending = c.sendUs() <= at && (!c.returned() || c.returnUs() > at)
                        && (c.replyUs() < 0 || c.replyUs() > at);
                if (!pending) {
                    continue;
                }
                situations++;
                long limit = at + b.exitToErrorUs();
                boolean returned = Properties.returnedBy(r, c) >= 0;
                if (returned && c.returnUs() <= limit && c.status() != null && c.status() < 0) {
                    continue;
                }
                if (!returned && r.endUs() <= limit) {
                    continue;
                }
                w.add(c.label() + ": worker died at " + ms(at) + " (" + death.text() + ") while it was pending; "
                        + (returned ? "returned " + c.status() + " at " + ms(c.returnUs())
                        : "still open at the end " + ms(r.endUs())) + " (limit " + ms(limit) + ", deadline "
                        + ms(c.deadlineUs()) + ")");
            }
        }
        return Verdict.of(name(), w, situations);
    }
}
