package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rules that turn a design's {@link Model} into TLC runs: which properties run at which size,
 * the model size of each check, and the first-call/later-call variants. The models themselves come
 * from the design catalog ({@code org.ipcsync.catalog}); nothing here names a design. The CI-sized
 * checks ({@link #ciChecks}) are the ones the expected-verdict table covers and the test suite runs;
 * {@link #checks} builds any other size for {@code ./kit spec}.
 */
public final class SpecCatalogue {
    /** Model sizes the test suite checks exhaustively (a design's entry may leave the larger out). */
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

    private SpecCatalogue() {}

    /**
     * The properties a model is checked against in CI at {@code cameras} cameras: its own list at
     * its smallest size; at a larger size the {@link #THIRD_CAMERA} properties of that list and
     * the canaries its entry names for the larger sizes.
     */
    public static List<Property> properties(Model model, int cameras) {
        if (cameras <= model.ciCameras().get(0)) {
            return model.properties();
        }
        List<Property> p = new ArrayList<>(model.properties().stream().filter(THIRD_CAMERA::contains).toList());
        p.addAll(model.largerCanaries());
        return p;
    }

    /** The §7 properties, in table order: a design's entry usually checks them all, then its canaries. */
    public static List<Property> section7() {
        return SECTION_7;
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
    public static Check check(Model design, Property property, int cameras) {
        int maxEvents = cameras >= 3 ? 0 : 1;
        int calls = property == Property.NO_STALE_REPLY_AS_EVENT ? 2 : 1;
        int deaths = property == Property.PROMPT_ERROR_ON_EXIT || property == Property.CANARY_NO_DEATH_DURING_CALL
                ? 1 : 0;
        return new Check(design, property, cameras, maxEvents, Check.SEQ0, calls, deaths);
    }

    /** The runs of one property at one size: the first call's, and for {@link #LATER_CALL} a later call's. */
    public static List<Check> variants(Model design, Property property, int cameras) {
        Check first = check(design, property, cameras);
        return LATER_CALL.contains(property) ? List.of(first, first.withSeq0(1)) : List.of(first);
    }

    /** Every CI-sized check of these models, in table order (model, cameras, property). */
    public static List<Check> ciChecks(List<Model> models) {
        return checks(models, null, null);
    }

    /**
     * Checks of {@code models} matching the filters; null means "any". With cameras null each
     * model's CI sizes are used; with cameras given, every property of the model at that size.
     */
    public static List<Check> checks(List<Model> models, Integer cameras, Property property) {
        List<Check> out = new ArrayList<>();
        for (Model d : models) {
            for (int n : cameras == null ? d.ciCameras() : List.of(cameras)) {
                for (Property p : cameras == null ? properties(d, n) : d.properties()) {
                    if (property == null || p == property) {
                        out.addAll(variants(d, p, n));
                    }
                }
            }
        }
        return out;
    }
}
