package org.ipcsync.scenario.property;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.AppCall;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * No sync call starts while another sync call is open on the same thread's stack, and none
 * starts above processEvents depth 1 (the loop of {@code Thread::exec}). Situation: a sync call
 * sent while another camera's application call was pending (something that could nest).
 */
public final class NoNestedDispatch implements Property {
    @Override
    public String name() {
        return "NoNestedDispatch";
    }

    @Override
    public String meaning() {
        return "a sync call never runs inside another operation's sync call (depth > 1 at entry)";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (SyncCall c : r.syncCalls()) {
            if (anotherOperationPending(r, c)) {
                situations++;
            }
            if (c.depth() > 1 || c.enclosing() >= 0) {
                String outer = c.enclosing() >= 0 ? " inside " + r.syncCalls().stream()
                        .filter(o -> o.id() == c.enclosing()).findFirst().map(SyncCall::label).orElse("#" + c.enclosing())
                        : "";
                w.add(c.label() + " entered at processEvents depth " + c.depth() + outer + " on " + c.thread());
            }
        }
        return Verdict.of(name(), w, situations);
    }

    /** Another camera's application call was posted and had not returned when {@code c} was sent. */
    private static boolean anotherOperationPending(Recording r, SyncCall c) {
        for (AppCall a : r.appCalls()) {
            if (a.camera() != c.camera() && a.postUs() <= c.sendUs()
                    && (a.returnUs() < 0 || a.returnUs() > c.sendUs())) {
                return true;
            }
        }
        return false;
    }
}
