package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which checks exist: for every design the properties it is checked against, and the model size
 * of each check. The CI-sized checks ({@link #ciChecks()}) are the ones the expected-verdict
 * table covers and the test suite runs; {@link #checks} builds any other size for {@code ./kit spec}.
 */
public final class SpecCatalogue {
    /** Model sizes the test suite checks exhaustively. */
    public static final List<Integer> CI_CAMERAS = List.of(2, 3);

    private static final List<Property> SECTION_7 = List.of(
            Property.NO_LOST_WAKEUP, Property.NO_NESTED_DISPATCH, Property.BOUNDED_RETURN,
            Property.NO_SPURIOUS_TIMEOUT, Property.EVENTUALLY_RETURNS, Property.NO_STALE_REPLY_AS_EVENT,
            Property.NO_COOKIE_CONFUSION, Property.EVENT_BEFORE_REPLY_ORDER, Property.CAMERA_ISOLATION,
            Property.NO_MATCHED_REPLY_TIMEOUT, Property.PROMPT_ERROR_ON_EXIT, Property.NO_EARLY_TIMEOUT);

    /**
     * Checked twice: for the proxy's first call (cookie 0, where an IPA event can pass for the
     * reply) and for a later call (first cookie 1), so the table tells "first call only" from
     * "every call". The canary backs the later-call "holds" verdicts.
     */
    private static final Set<Property> LATER_CALL = Set.of(Property.NO_COOKIE_CONFUSION,
            Property.EVENT_BEFORE_REPLY_ORDER, Property.CANARY_NO_EVENT_BEFORE_REPLY);

    /**
     * What a third camera can change: how deep calls nest and how long cameras queue for the one
     * calling thread. These (with the canaries backing them and CanaryNoDepth2) are checked at
     * N = 3; the rest concern one camera's call against its own IPA, or one other camera, and N = 2
     * shows them (a behaviour of two cameras is one of three whose third never calls).
     */
    private static final List<Property> THIRD_CAMERA = List.of(Property.NO_LOST_WAKEUP,
            Property.NO_NESTED_DISPATCH, Property.BOUNDED_RETURN, Property.NO_SPURIOUS_TIMEOUT,
            Property.EVENTUALLY_RETURNS, Property.NO_MATCHED_REPLY_TIMEOUT, Property.NO_EARLY_TIMEOUT);

    /**
     * Poll-one re-polls with the time left only after reading a message that is not its call's
     * reply. With one call per camera and the first cookie 0, every message a call can read is its
     * reply or an IPA event carrying the same cookie 0, which completes the call: that path never
     * runs. These properties of its mechanism, and the canaries behind them, are therefore also
     * checked for a later call (cookie 1), where an event is a foreign message.
     */
    private static final Set<Property> POLL_ONE_LATER_CALL = Set.of(Property.BOUNDED_RETURN,
            Property.NO_LOST_WAKEUP, Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_WAKEUP_DUE);

    private SpecCatalogue() {}

    /**
     * The properties a design is checked against, canaries last. The canaries are those that back
     * a "holds" verdict of the design (see {@link Property#canary()}), plus the three that show
     * calls complete, time out and nest.
     */
    public static List<Property> properties(Design design) {
        List<Property> p = new ArrayList<>();
        switch (design) {
            case NESTED -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                        Property.CANARY_NO_DEPTH_2, Property.CANARY_NO_REPLY_IN_TIME,
                        Property.CANARY_NO_EVENT_BEFORE_REPLY, Property.CANARY_NO_EVENT_DURING_OTHER_CALL,
                        Property.CANARY_NO_LATE_MATCH));
            }
            case NESTED_CROSS_THREAD -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_TIMEOUT, Property.CANARY_NO_REPLY_IN_TIME,
                        Property.CANARY_NO_EVENT_BEFORE_REPLY, Property.CANARY_NO_EVENT_DURING_OTHER_CALL,
                        Property.CANARY_NO_CALL_QUEUED_DURING_CALL));
            }
            case NESTED_CALLER_THREAD -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_DEPTH_2, Property.CANARY_NO_REPLY_IN_TIME,
                        Property.CANARY_NO_EVENT_BEFORE_REPLY, Property.CANARY_NO_EVENT_DURING_OTHER_CALL));
            }
            case THREADED -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                        Property.CANARY_NO_WAKEUP_DUE, Property.CANARY_NO_CALL_QUEUED_DURING_CALL,
                        Property.CANARY_NO_REPLY_IN_TIME, Property.CANARY_NO_EVENT_BEFORE_REPLY));
            }
            case THREADED_NO_NOTIFY -> p.add(Property.NO_LOST_WAKEUP);
            case POLL_ONE -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                        Property.CANARY_NO_WAKEUP_DUE, Property.CANARY_NO_CALL_QUEUED_DURING_CALL,
                        Property.CANARY_NO_REPLY_IN_TIME, Property.CANARY_NO_EVENT_BEFORE_REPLY,
                        Property.CANARY_NO_LATE_MATCH));
            }
            // Which property catches it: BoundedReturn (and NoLostWakeup, its poll sleeps past the
            // deadline); NoEarlyTimeout, with its canary, shows it is not the one.
            case POLL_ONE_FULL_TIMEOUT -> p.addAll(List.of(Property.BOUNDED_RETURN, Property.NO_LOST_WAKEUP,
                    Property.NO_EARLY_TIMEOUT, Property.CANARY_NO_REPLY_IN_TIME));
            case POLL_ONE_DEADLINE_FIRST -> p.add(Property.NO_MATCHED_REPLY_TIMEOUT);
        }
        return p;
    }

    /**
     * The properties a design is checked against in CI at {@code cameras} cameras: everything at
     * N = 2; at N = 3 the {@link #THIRD_CAMERA} properties and the canaries that back those the
     * design holds there.
     */
    public static List<Property> properties(Design design, int cameras) {
        if (cameras < 3) {
            return properties(design);
        }
        List<Property> p = new ArrayList<>(properties(design).stream().filter(THIRD_CAMERA::contains).toList());
        p.addAll(switch (design) {
            case NESTED -> List.of(Property.CANARY_NO_REPLY_IN_TIME, Property.CANARY_NO_LATE_MATCH);
            case NESTED_CROSS_THREAD, NESTED_CALLER_THREAD -> List.of(Property.CANARY_NO_REPLY_IN_TIME);
            case THREADED -> List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                    Property.CANARY_NO_WAKEUP_DUE, Property.CANARY_NO_CALL_QUEUED_DURING_CALL,
                    Property.CANARY_NO_REPLY_IN_TIME);
            case POLL_ONE -> List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                    Property.CANARY_NO_WAKEUP_DUE, Property.CANARY_NO_CALL_QUEUED_DURING_CALL,
                    Property.CANARY_NO_REPLY_IN_TIME, Property.CANARY_NO_LATE_MATCH);
            case THREADED_NO_NOTIFY, POLL_ONE_FULL_TIMEOUT, POLL_ONE_DEADLINE_FIRST -> List.of();
        });
        return p;
    }

    /** The camera counts a design is checked at in CI. */
    public static List<Integer> ciCameras(Design design) {
        // One application thread per camera never nests (each caller is its own thread), so N = 2
        // already shows everything it does; N = 3 only multiplies independent callers. The patch
        // author's shared caller thread does nest, so it is checked at N = 3 as well. The poll-one
        // mutants break one call's mechanism, which two cameras (one to carry the event) show.
        return switch (design) {
            case NESTED_CROSS_THREAD, POLL_ONE_FULL_TIMEOUT, POLL_ONE_DEADLINE_FIRST -> List.of(2);
            case NESTED, NESTED_CALLER_THREAD, THREADED, THREADED_NO_NOTIFY, POLL_ONE -> CI_CAMERAS;
        };
    }

    /**
     * The check of one property at one size, for the proxy's first call. Sizes, and why:
     * <ul>
     * <li>The IPAs send one event in total at N = 2 and none at N >= 3: one event multiplies the
     * three-camera models by 10 to 20 (threaded 24k to 480k states, nested 29k to 275k), and the
     * N = 3 checks ask what a third camera adds to nesting and queueing, not to events; events
     * are judged at N = 2.</li>
     * <li>Two calls per camera (init, then stop) only for NoStaleReplyAsEvent, the property about
     * what becomes of a first call's reply once the next call is pending; a second call multiplies
     * the state space by about 60 at N = 2.</li>
     * <li>A worker may die only in the PromptErrorOnExit runs and their canary: in every design a
     * dead worker looks, to a pending call, like one that never answers (already in every model,
     * IPAs having no fairness); what it adds is only nested's immediate error on the next send.</li>
     * </ul>
     */
    public static Check check(Design design, Property property, int cameras) {
        int maxEvents = cameras >= 3 ? 0 : 1;
        int calls = property == Property.NO_STALE_REPLY_AS_EVENT ? 2 : 1;
        int deaths = property == Property.PROMPT_ERROR_ON_EXIT || property == Property.CANARY_NO_DEATH_DURING_CALL
                ? 1 : 0;
        return new Check(design, property, cameras, maxEvents, Check.SEQ0, calls, deaths);
    }

    /**
     * The runs of one property at one size: the first call's, and for {@link #LATER_CALL} (and
     * poll-one's {@link #POLL_ONE_LATER_CALL} where events are sent, N = 2) a later call's. The
     * full-timeout mutant only for a later call: its mechanism needs a foreign message.
     */
    public static List<Check> variants(Design design, Property property, int cameras) {
        Check first = check(design, property, cameras);
        if (design == Design.POLL_ONE_FULL_TIMEOUT) {
            return List.of(first.withSeq0(1));
        }
        boolean later = LATER_CALL.contains(property)
                || design == Design.POLL_ONE && POLL_ONE_LATER_CALL.contains(property) && first.maxEvents() > 0;
        return later ? List.of(first, first.withSeq0(1)) : List.of(first);
    }

    /** Every CI-sized check, in table order (design, cameras, property). */
    public static List<Check> ciChecks() {
        return checks(null, null, null);
    }

    /**
     * Checks matching the filters; null means "any". With cameras null the CI sizes are used;
     * with cameras given, every design is checked at that size.
     */
    public static List<Check> checks(Design design, Integer cameras, Property property) {
        List<Check> out = new ArrayList<>();
        for (Design d : Design.values()) {
            if (design != null && d != design) {
                continue;
            }
            for (int n : cameras == null ? ciCameras(d) : List.of(cameras)) {
                for (Property p : cameras == null ? properties(d, n) : properties(d)) {
                    if (property == null || p == property) {
                        out.addAll(variants(d, p, n));
                    }
                }
            }
        }
        return out;
    }
}
