package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.AppCall;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * Every sync call and every application call made before the scenario ended returned before it
 * ended (calls made while tearing down after the watchdog are not judged). A scenario the
 * watchdog had to end always violates it: the watchdog fires only for an application call that
 * did not return. A run that ended at libcamera's abort ({@link Recording#abortUs()}) judges no
 * call still open there: the process is gone. Situation: every call made before the end.
 */
public final class EventuallyReturns implements Property {
    @Override
    public String name() {
        return "EventuallyReturns";
    }

    @Override
    public String meaning() {
        return "every sync call and application call returns before the scenario ends (watchdog)";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        boolean aborted = r.abortUs() >= 0;
        for (SyncCall c : r.syncCalls()) {
            if (c.sendUs() <= r.endUs()) {
                situations++;
            }
            if (!aborted && c.sendUs() <= r.endUs() && (!c.returned() || c.returnUs() > r.endUs())) {
                w.add(c.label() + ": sent at " + ms(c.sendUs()) + ", not returned by the end " + ms(r.endUs()));
            }
        }
        for (AppCall a : r.appCalls()) {
            if (a.postUs() <= r.endUs()) {
                situations++;
            }
            if (!aborted && a.postUs() <= r.endUs() && (a.returnUs() < 0 || a.returnUs() > r.endUs())) {
                w.add("application " + a.operation() + " of camera " + a.camera() + " on " + a.thread()
                        + ": posted at " + ms(a.postUs()) + (a.beginUs() < 0 ? ", never dispatched" : ", dispatched at "
                        + ms(a.beginUs()) + " (depth " + a.depth() + ")") + ", not returned by the end " + ms(r.endUs()));
            }
        }
        if (r.hung() && w.isEmpty()) {
            w.add("the watchdog ended the scenario at " + ms(r.endUs()));
        }
        return Verdict.of(name(), w, situations);
    }
}
