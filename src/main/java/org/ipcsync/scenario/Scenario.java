package org.ipcsync.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;

/**
 * What a scenario does, independent of design, seed and time scale: how many cameras, the IPA
 * profile of each (unscaled milliseconds), and the application's script. Its one-line text form
 * replays it:
 *
 * <pre>
 *   cameras=2 ipa1=stop=latency:300 run=200 stop-all
 * </pre>
 *
 * Tokens, space separated: {@code cameras=N} (1..{@value #MAX_CAMERAS}), {@code ipaK=PROFILE} (an {@link IpaProfile}
 * text; cameras without one run a fast IPA), {@code hold=COMMAND@N:MS} (a {@link Hold}), then
 * actions in order: {@code run=MS}, {@code stop-all}, {@code stop=K}, {@code start=K},
 * {@code fault=K:drop:P|error|disconnect|fatal}. Immutable.
 */
public record Scenario(int cameras, Map<Integer, IpaProfile> profiles, List<Hold> holds, List<Action> actions) {
    /**
     * The engine's limit: each camera is an IPA worker JVM plus a pipeline thread and a socket
     * pair. Eight run here (24 GiB, 2 cores; measured by {@code ./kit bench scaling}); the
     * generator draws at most {@link ScenarioGen#MAX_CAMERAS}, so campaigns are unchanged by it.
     */
    public static final int MAX_CAMERAS = 8;

    /**
     * Hold the caller of every camera's {@code call}-th {@code command} (1-based) for {@code ms}
     * unscaled milliseconds at the pipe's {@code syncWaitEnded} point, when its wait ended
     * without the reply: after the wait (the nested timer seen stopped; the threaded
     * {@code wait_for} timed out and its mutex scope closed) and before the cleanup that clears
     * the pending call and returns -ETIMEDOUT. Played by the pipes' {@code HoldingObserver}.
     * Nothing else moves: the IPA, the socket's reader and the other cameras run on, so a reply
     * sent just after the deadline can be matched inside the window (NoMatchedReplyTimeout). On
     * real code the window is a few instructions; the hold only makes its width reachable on
     * real processes. Text form {@code hold=stop@1:150}. The held time is scenario time, like an
     * IPA latency: bounds on returning do not count it.
     */
    public record Hold(IpaCommand command, int call, long ms) {
        public Hold {
            if (!command.sync || call < 1 || ms < 1) {
                throw new IllegalArgumentException("hold needs a sync command, a call number >= 1 and a time >= 1 ms");
            }
        }

        public String format() {
            return "hold=" + command.methodName() + "@" + call + ":" + ms;
        }

        /** Parses {@code COMMAND@N:MS} (the value of a {@code hold=} token). */
        public static Hold parse(String value) {
            int at = value.indexOf('@');
            int colon = value.indexOf(':', Math.max(at, 0));
            if (at < 0 || colon < 0) {
                throw new IllegalArgumentException("expected hold=COMMAND@N:MS");
            }
            return new Hold(IpaCommand.fromName(value.substring(0, at)),
                    Integer.parseInt(value.substring(at + 1, colon)), Long.parseLong(value.substring(colon + 1)));
        }
    }

    /** A scenario without holds. */
    public Scenario(int cameras, Map<Integer, IpaProfile> profiles, List<Action> actions) {
        this(cameras, profiles, List.of(), actions);
    }

    public Scenario {
        if (cameras < 1 || cameras > MAX_CAMERAS) {
            throw new IllegalArgumentException("cameras must be 1.." + MAX_CAMERAS + ", got " + cameras);
        }
        TreeMap<Integer, IpaProfile> kept = new TreeMap<>();
        for (Map.Entry<Integer, IpaProfile> e : profiles.entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= cameras) {
                throw new IllegalArgumentException("IPA profile for camera " + e.getKey() + " of " + cameras);
            }
            if (!e.getValue().equals(IpaProfile.fast())) {
                kept.put(e.getKey(), e.getValue());
            }
        }
        profiles = Collections.unmodifiableMap(kept);
        for (Action a : actions) {
            if (a.camera() < 0 || a.camera() >= cameras) {
                throw new IllegalArgumentException("action '" + a.format() + "' names camera " + a.camera()
                        + " of " + cameras);
            }
        }
        actions = List.copyOf(actions);
        holds = List.copyOf(holds);
    }

    public IpaProfile profile(int camera) {
        return profiles.getOrDefault(camera, IpaProfile.fast());
    }

    /** Whether the camera's IPA misbehaves (a fault in its profile), as opposed to being merely slow. */
    public boolean ipaFaulty(int camera) {
        IpaProfile p = profile(camera);
        for (IpaCommand c : IpaCommand.values()) {
            if (!p.script(c).faults().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    public List<String> deviceFaults(int camera) {
        List<String> out = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.DeviceFault f && f.camera() == camera) {
                out.add(Action.DeviceFault.faultText(f.fault()));
            }
        }
        return out;
    }

    public String format() {
        StringBuilder s = new StringBuilder("cameras=" + cameras);
        profiles.forEach((camera, profile) -> s.append(" ipa").append(camera).append('=').append(profile.format()));
        holds.forEach(h -> s.append(' ').append(h.format()));
        for (Action a : actions) {
            s.append(' ').append(a.format());
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return format();
    }

    /** Parses the text form; IllegalArgumentException names the bad token. */
    public static Scenario parse(String text) {
        int cameras = -1;
        Map<Integer, IpaProfile> profiles = new TreeMap<>();
        List<Action> actions = new ArrayList<>();
        List<Hold> holds = new ArrayList<>();
        for (String token : text.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            String key = eq < 0 ? token : token.substring(0, eq);
            String value = eq < 0 ? "" : token.substring(eq + 1);
            try {
                if (key.equals("cameras")) {
                    cameras = Integer.parseInt(value);
                } else if (key.matches("ipa\\d+")) {
                    profiles.put(Integer.parseInt(key.substring(3)), IpaProfile.parse(value));
                } else if (key.equals("hold")) {
                    holds.add(Hold.parse(value));
                } else if (key.equals("run")) {
                    long ms = Long.parseLong(value);
                    if (ms < 0) {
                        throw new IllegalArgumentException("negative run time");
                    }
                    actions.add(new Action.Run(ms));
                } else if (key.equals("stop-all") && eq < 0) {
                    actions.add(new Action.StopAll());
                } else if (key.equals("stop")) {
                    actions.add(new Action.Stop(Integer.parseInt(value)));
                } else if (key.equals("start")) {
                    actions.add(new Action.Start(Integer.parseInt(value)));
                } else if (key.equals("fault")) {
                    int colon = value.indexOf(':');
                    if (colon < 0) {
                        throw new IllegalArgumentException("expected fault=CAMERA:KIND");
                    }
                    actions.add(new Action.DeviceFault(Integer.parseInt(value.substring(0, colon)),
                            Action.DeviceFault.parseFault(value.substring(colon + 1))));
                } else {
                    throw new IllegalArgumentException("unknown token");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scenario token '" + token + "': " + e.getMessage(), e);
            }
        }
        if (cameras < 0) {
            throw new IllegalArgumentException("scenario text needs cameras=N: '" + text + "'");
        }
        return new Scenario(cameras, profiles, holds, actions);
    }
}
