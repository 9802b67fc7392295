package org.ipcsync.catalog;

import static org.ipcsync.spec.Property.CANARY_NO_CALL_COMPLETES;
import static org.ipcsync.spec.Property.CANARY_NO_CALL_QUEUED_DURING_CALL;
import static org.ipcsync.spec.Property.CANARY_NO_DEPTH_2;
import static org.ipcsync.spec.Property.CANARY_NO_EVENT_BEFORE_REPLY;
import static org.ipcsync.spec.Property.CANARY_NO_EVENT_DURING_OTHER_CALL;
import static org.ipcsync.spec.Property.CANARY_NO_LATE_MATCH;
import static org.ipcsync.spec.Property.CANARY_NO_REPLY_IN_TIME;
import static org.ipcsync.spec.Property.CANARY_NO_TIMEOUT;
import static org.ipcsync.spec.Property.CANARY_NO_WAKEUP_DUE;
import static org.ipcsync.spec.Property.NO_LOST_WAKEUP;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipcsync.pipe.NestedPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.ThreadedPipe;
import org.ipcsync.spec.Model;
import org.ipcsync.spec.Narration;
import org.ipcsync.spec.Narration.Callers;
import org.ipcsync.spec.Narration.Story;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.trace.EventMapping;

/**
 * The designs the kit judges, one entry each (see {@code docs/designs.md}). Adding a design is
 * adding an entry here, its spec module and its pipe class, and its rows in
 * {@code spec/expected-verdicts.csv}; {@code DesignCatalogTest} says what is missing. Every other
 * place (the spec checks, campaigns, agreement, reports, CLI options, benches) iterates this list.
 * Stateless; safe from any thread.
 */
public final class DesignCatalog {
    private static final List<Integer> N2 = List.of(2);
    private static final List<Integer> N2_N3 = SpecCatalogue.CI_CAMERAS;

    /** The §7 properties, then the canaries listed. */
    private static List<Property> section7And(Property... canaries) {
        List<Property> p = new ArrayList<>(SpecCatalogue.section7());
        p.addAll(List.of(canaries));
        return p;
    }

    private static Map<String, String> constant(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    /** libcamera upstream: sendSync spins the calling thread's processEvents() until its reply or its timer. */
    private static final Model NESTED_MODEL = new Model("nested", "NestedDispatch", 2,
            constant("Callers", "\"cm\""),
            section7And(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_DEPTH_2, CANARY_NO_REPLY_IN_TIME,
                    CANARY_NO_EVENT_BEFORE_REPLY, CANARY_NO_EVENT_DURING_OTHER_CALL, CANARY_NO_LATE_MATCH),
            N2_N3, List.of(CANARY_NO_REPLY_IN_TIME, CANARY_NO_LATE_MATCH),
            new Narration(Story.NESTED_LOOP, Callers.CAMERA_MANAGER));

    /** The proposed fix: a receiver thread per pipe, the caller waits on a condition variable. */
    private static final Model THREADED_MODEL = new Model("threaded", "ThreadedSync", 1,
            constant("Notify", "TRUE"),
            section7And(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_WAKEUP_DUE,
                    CANARY_NO_CALL_QUEUED_DURING_CALL, CANARY_NO_REPLY_IN_TIME, CANARY_NO_EVENT_BEFORE_REPLY),
            N2_N3, List.of(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_WAKEUP_DUE,
                    CANARY_NO_CALL_QUEUED_DURING_CALL, CANARY_NO_REPLY_IN_TIME),
            new Narration(Story.RECEIVER_THREAD, Callers.CAMERA_MANAGER));

    private static final List<DesignEntry> ENTRIES = List.of(
            DesignEntry.implemented(new PipeDesign("nested", NestedPipe.DEFAULT_TIMEOUT, PipeDesign.Wait.POLL,
                            NestedPipe::new),
                    NESTED_MODEL,
                    new CampaignPlan(24, Set.of("NoNestedDispatch", "BoundedReturn", "EventuallyReturns",
                            "NoLostWakeup", "PromptErrorOnExit")),
                    Optional.of(EventMapping.nestedDispatch(NESTED_MODEL)),
                    "libcamera upstream: the caller spins its own event loop until the reply (2000 ms timer)"),
            DesignEntry.implemented(new PipeDesign("threaded", ThreadedPipe.DEFAULT_TIMEOUT,
                            PipeDesign.Wait.RECEIVER_THREAD, ThreadedPipe::new),
                    THREADED_MODEL,
                    new CampaignPlan(30, Set.of("CameraIsolation", "NoCookieConfusion", "NoMatchedReplyTimeout",
                            "PromptErrorOnExit", "NoEarlyTimeout")),
                    Optional.of(EventMapping.threadedSync(THREADED_MODEL)),
                    "the proposed fix: a receiver thread, the caller waits on a condition variable (1000 ms)"),
            // One application thread per camera never nests (each caller is its own thread), so N = 2
            // already shows everything it does; N = 3 would only add another independent caller.
            DesignEntry.variant("nested", new Model("nested-cross-thread", "NestedDispatch", 2,
                    constant("Callers", "\"app\""),
                    section7And(CANARY_NO_TIMEOUT, CANARY_NO_REPLY_IN_TIME, CANARY_NO_EVENT_BEFORE_REPLY,
                            CANARY_NO_EVENT_DURING_OTHER_CALL, CANARY_NO_CALL_QUEUED_DURING_CALL),
                    N2, List.of(CANARY_NO_REPLY_IN_TIME),
                    new Narration(Story.NESTED_LOOP, Callers.APP_THREADS)),
                    "nested with each application thread calling sendSync itself (semantics §4), model only"),
            // The patch author's shared caller thread does nest, so it is checked at N = 3 as well.
            DesignEntry.variant("nested", new Model("nested-caller-thread", "NestedDispatch", 2,
                    constant("Callers", "\"caller\""),
                    section7And(CANARY_NO_DEPTH_2, CANARY_NO_REPLY_IN_TIME, CANARY_NO_EVENT_BEFORE_REPLY,
                            CANARY_NO_EVENT_DURING_OTHER_CALL),
                    N2_N3, List.of(CANARY_NO_REPLY_IN_TIME),
                    new Narration(Story.NESTED_LOOP, Callers.CALLER_THREAD)),
                    "nested as the patch author ran it: calls nest on one caller thread while the camera "
                            + "manager thread reads the sockets, model only"),
            DesignEntry.mutant("threaded", new Model("threaded-no-notify", "ThreadedSync", 1,
                    constant("Notify", "FALSE"), List.of(NO_LOST_WAKEUP), N2_N3, List.of(),
                    new Narration(Story.RECEIVER_THREAD, Callers.CAMERA_MANAGER)),
                    "threaded with notify_one removed: TLC must find the lost wake-up"));

    private DesignCatalog() {}

    /** Every design, implemented ones first, in report order. */
    public static List<DesignEntry> all() {
        return ENTRIES;
    }

    /** The design of that name; a clear error naming the known ones otherwise. */
    public static DesignEntry get(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown design '" + name + "' (designs: "
                        + String.join(", ", names()) + ")"));
    }

    public static List<String> names() {
        return ENTRIES.stream().map(DesignEntry::name).toList();
    }

    /** The designs with a pipe: both layers judge them. */
    public static List<DesignEntry> implemented() {
        return ENTRIES.stream().filter(e -> e.pipe().isPresent()).toList();
    }

    /** The pipes of the implemented designs, in catalog order. */
    public static List<PipeDesign> pipes() {
        return implemented().stream().map(DesignEntry::requirePipe).toList();
    }

    public static List<String> pipeNames() {
        return implemented().stream().map(DesignEntry::name).toList();
    }

    /** The pipe of an implemented design; a clear error for an unknown or model-only name. */
    public static PipeDesign pipe(String name) {
        return get(name).requirePipe();
    }

    /** The TLA+ configuration of the named design; a clear error for an unknown name. */
    public static Model model(String name) {
        return get(name).model();
    }

    /** Every design's TLA+ configuration, in catalog order (what {@code SpecCatalogue} turns into checks). */
    public static List<Model> models() {
        return ENTRIES.stream().map(DesignEntry::model).toList();
    }

    /** The columns of the design x property matrix (every design but mutants). */
    public static List<DesignEntry> matrix() {
        return ENTRIES.stream().filter(DesignEntry::inMatrix).toList();
    }
}
