package org.ipcsync.scenario.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;

/** Every property check, in §7's order, judging a recording against all of them, and shared readings. */
public final class Properties {
    private Properties() {}

    public static final List<Property> ALL = List.of(
            new NoLostWakeup(),
            new NoNestedDispatch(),
            new BoundedReturn(),
            new NoSpuriousTimeout(),
            new EventuallyReturns(),
            new NoStaleReplyAsEvent(),
            new NoCookieConfusion(),
            new CameraIsolation(),
            new EventBeforeReplyOrder(),
            new NoMatchedReplyTimeout(),
            new PromptErrorOnExit(),
            new NoEarlyTimeout(),
            new NoMessageLoss());

    /** The scope of the proxy's first sync call of a camera (libcamera's cookie 0). */
    public static final String FIRST_CALL = "first call";
    /** The scope of every later call. */
    public static final String LATER_CALLS = "later calls";

    public static List<String> names() {
        return ALL.stream().map(Property::name).toList();
    }

    public static Property byName(String name) {
        for (Property p : ALL) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown property '" + name + "' (known: " + names() + ")");
    }

    /** Every verdict on {@code recording}, keyed by property name, in §7's order. */
    public static Map<String, Verdict> judgeAll(Recording recording) {
        Bounds bounds = new Bounds(recording.scale());
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (Property p : ALL) {
            out.put(p.name(), p.judge(recording, bounds));
        }
        return out;
    }

    /**
     * A reply to a request that the pipe emitted as an event (its {@code eventReceived}): same
     * camera, cmd and cookie as a sync request sent before it, and not handled as a real event.
     * The proxy's handling tells the two apart where headers cannot (an init reply and a
     * metadataReady event both carry cmd 1, cookie 0): a reply is a status word, so the proxy
     * either aborts on it (an event's cmd) or drops it (no event's cmd). A message the proxy has
     * not handled by the end is not counted.
     */
    public record StrayReply(SyncCall call, Received received, Delivery delivery) {}

    private static final Set<String> REPLY_HANDLING = Set.of("abort", "unknown");

    public static List<StrayReply> strayReplies(Recording r) {
        List<StrayReply> out = new ArrayList<>();
        for (Received e : r.received()) {
            Delivery d = null;
            for (Delivery x : r.deliveries()) {
                if (x.camera() == e.camera() && x.ordinal() == e.ordinal()) {
                    d = x;
                    break;
                }
            }
            if (d == null || !REPLY_HANDLING.contains(d.event())) {
                continue;
            }
            for (SyncCall c : r.syncCallsOf(e.camera())) {
                if (c.cmd() == e.cmd() && c.cookie() == e.cookie() && c.sendUs() <= e.us()) {
                    out.add(new StrayReply(c, e, d));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The messages the pipe emitted as events that are IPA events, not stray replies; in a run
     * ended by libcamera's abort, only those taken off the socket before it.
     */
    static List<Received> ipaEvents(Recording r) {
        Set<Received> strays = new java.util.HashSet<>();
        strayReplies(r).forEach(s -> strays.add(s.received()));
        return r.received().stream().filter(e -> !strays.contains(e) && (r.abortUs() < 0 || e.us() <= r.endUs()))
                .toList();
    }

    /**
     * When {@code c} returned, if it did within what the recording judges (a run ended by
     * libcamera's abort judges nothing after it); -1 otherwise.
     */
    static long returnedBy(Recording r, SyncCall c) {
        if (!c.returned() || (r.abortUs() >= 0 && c.returnUs() > r.endUs())) {
            return -1;
        }
        return c.returnUs();
    }

    static Map<String, Verdict.Tally> callScopes() {
        Map<String, Verdict.Tally> scopes = new LinkedHashMap<>();
        scopes.put(FIRST_CALL, new Verdict.Tally(0, 0));
        scopes.put(LATER_CALLS, new Verdict.Tally(0, 0));
        return scopes;
    }

    /**
     * Counts {@code c} in its scope: the proxy's first sync call of its camera (cookie 0 in
     * libcamera's numbering, 1 where the pipe keeps 0 for events) or a later one.
     */
    static void count(Map<String, Verdict.Tally> scopes, Recording r, SyncCall c, int situations, int violations) {
        boolean first = r.syncCallsOf(c.camera()).stream().findFirst().map(f -> f.id() == c.id()).orElse(false);
        scopes.merge(first ? FIRST_CALL : LATER_CALLS, new Verdict.Tally(situations, violations),
                Verdict.Tally::plus);
    }

    static String ms(long us) {
        return String.format("%.1f ms", us / 1000.0);
    }

    static List<String> list() {
        return new ArrayList<>();
    }
}
