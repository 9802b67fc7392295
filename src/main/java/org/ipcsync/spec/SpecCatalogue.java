package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.List;

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
            Property.NO_COOKIE_CONFUSION, Property.EVENT_BEFORE_REPLY_ORDER, Property.CAMERA_ISOLATION);

    private SpecCatalogue() {}

    /** The properties a design is checked against, canaries last. */
    public static List<Property> properties(Design design) {
        List<Property> p = new ArrayList<>();
        switch (design) {
            case NESTED -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT,
                        Property.CANARY_NO_DEPTH_2));
            }
            case NESTED_CROSS_THREAD -> p.addAll(SECTION_7);
            case THREADED -> {
                p.addAll(SECTION_7);
                p.addAll(List.of(Property.CANARY_NO_CALL_COMPLETES, Property.CANARY_NO_TIMEOUT));
            }
            case THREADED_NO_NOTIFY -> p.add(Property.NO_LOST_WAKEUP);
        }
        return p;
    }

    /** The camera counts a design is checked at in CI. */
    public static List<Integer> ciCameras(Design design) {
        // The cross-thread configuration has no nesting (each caller is its own thread), so N = 2
        // already shows everything it does; N = 3 only multiplies independent callers.
        return design == Design.NESTED_CROSS_THREAD ? List.of(2) : CI_CAMERAS;
    }

    /**
     * The check of one property at one size. Every check lets the IPAs send one event in total,
     * except nested EventuallyReturns at N >= 3, which lets them send none: its liveness search
     * with an event takes about a minute at N = 3 (240k states with the behaviour graph), and an
     * event cannot be what makes a call return (IPAs get no fairness), so the hang it finds is a
     * behaviour of the larger model too. A "holds" verdict there would not cover events; the
     * table expects a violation.
     */
    public static Check check(Design design, Property property, int cameras) {
        int maxEvents = design == Design.NESTED && property == Property.EVENTUALLY_RETURNS && cameras >= 3 ? 0 : 1;
        return new Check(design, property, cameras, maxEvents);
    }

    /** Every CI-sized check, in table order (design, cameras, property). */
    public static List<Check> ciChecks() {
        List<Check> all = new ArrayList<>();
        for (Design d : Design.values()) {
            for (int n : ciCameras(d)) {
                for (Property p : properties(d)) {
                    all.add(check(d, p, n));
                }
            }
        }
        return all;
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
                for (Property p : properties(d)) {
                    if (property == null || p == property) {
                        out.add(check(d, p, n));
                    }
                }
            }
        }
        return out;
    }
}
