package org.ipcsync.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.ipa.IpaProfile;

/**
 * Structural shrinking that QuickTheories' draw-level shrinking cannot do on its own: removing a
 * camera renumbers the others (so a slow IPA on camera 3 can become camera 1's), dropping an
 * action, making an IPA fast, shortening a run. Campaign applies it greedily after QuickTheories
 * has shrunk. Stateless.
 */
public final class ScenarioShrinker {
    private ScenarioShrinker() {}

    /** Strictly simpler scenarios, most aggressive first. */
    public static List<Scenario> candidates(Scenario s) {
        List<Scenario> out = new ArrayList<>();
        for (int c = 0; c < s.cameras() && s.cameras() > 1; c++) {
            out.add(withoutCamera(s, c));
        }
        for (int i = 0; i < s.actions().size(); i++) {
            List<Action> fewer = new ArrayList<>(s.actions());
            fewer.remove(i);
            out.add(new Scenario(s.cameras(), s.profiles(), s.holds(), fewer));
        }
        for (int c : s.profiles().keySet()) {
            Map<Integer, IpaProfile> fewer = new TreeMap<>(s.profiles());
            fewer.remove(c);
            out.add(new Scenario(s.cameras(), fewer, s.holds(), s.actions()));
        }
        for (int i = 0; i < s.holds().size(); i++) {
            List<Scenario.Hold> fewer = new ArrayList<>(s.holds());
            fewer.remove(i);
            out.add(new Scenario(s.cameras(), s.profiles(), fewer, s.actions()));
        }
        for (int i = 0; i < s.actions().size(); i++) {
            if (s.actions().get(i) instanceof Action.Run r && r.ms() > 100) {
                List<Action> shorter = new ArrayList<>(s.actions());
                shorter.set(i, new Action.Run(100));
                out.add(new Scenario(s.cameras(), s.profiles(), s.holds(), shorter));
            }
        }
        return out;
    }

    static Scenario withoutCamera(Scenario s, int gone) {
        Map<Integer, IpaProfile> profiles = new TreeMap<>();
        s.profiles().forEach((c, p) -> {
            if (c != gone) {
                profiles.put(c > gone ? c - 1 : c, p);
            }
        });
        List<Action> actions = new ArrayList<>();
        for (Action a : s.actions()) {
            int c = a.camera();
            if (a instanceof Action.Stop) {
                if (c != gone) {
                    actions.add(new Action.Stop(c > gone ? c - 1 : c));
                }
            } else if (a instanceof Action.Start) {
                if (c != gone) {
                    actions.add(new Action.Start(c > gone ? c - 1 : c));
                }
            } else if (a instanceof Action.DeviceFault f) {
                if (c != gone) {
                    actions.add(new Action.DeviceFault(c > gone ? c - 1 : c, f.fault()));
                }
            } else {
                actions.add(a);
            }
        }
        return new Scenario(s.cameras() - 1, profiles, s.holds(), actions);
    }
}
