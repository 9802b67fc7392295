package org.ipcsync.catalog;

import static org.ipcsync.spec.Property.BOUNDED_RETURN;
import static org.ipcsync.spec.Property.CANARY_NO_CALL_COMPLETES;
import static org.ipcsync.spec.Property.CANARY_NO_CALL_QUEUED_DURING_CALL;
import static org.ipcsync.spec.Property.CANARY_NO_DEATH_DURING_CALL;
import static org.ipcsync.spec.Property.CANARY_NO_DEPTH_2;
import static org.ipcsync.spec.Property.CANARY_NO_EVENT_BEFORE_REPLY;
import static org.ipcsync.spec.Property.CANARY_NO_EVENT_DURING_OTHER_CALL;
import static org.ipcsync.spec.Property.CANARY_NO_LATE_MATCH;
import static org.ipcsync.spec.Property.CANARY_NO_REPLY_IN_TIME;
import static org.ipcsync.spec.Property.CANARY_NO_STALE_REPLY;
import static org.ipcsync.spec.Property.CANARY_NO_TIMEOUT;
import static org.ipcsync.spec.Property.CANARY_NO_WAKEUP_DUE;
import static org.ipcsync.spec.Property.NO_COOKIE_CONFUSION;
import static org.ipcsync.spec.Property.NO_EARLY_TIMEOUT;
import static org.ipcsync.spec.Property.NO_LOST_WAKEUP;
import static org.ipcsync.spec.Property.NO_MATCHED_REPLY_TIMEOUT;
import static org.ipcsync.spec.Property.NO_STALE_REPLY_AS_EVENT;
import static org.ipcsync.spec.Property.PROMPT_ERROR_ON_EXIT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipcsync.pipe.AsyncPipe;
import org.ipcsync.pipe.NestedPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PollOnePipe;
import org.ipcsync.pipe.ReferencePipe;
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

    /**
     * The switches of AsyncRequests.tla, in its CONSTANTS order: the reference's mechanisms
     * (NonZeroCookies, DropStale, FailFast, ReadBeforeFail) and async's own (TimerRemoves).
     */
    private static Map<String, String> asyncRequests(boolean nonZeroCookies, boolean dropStale, boolean failFast,
                                                     boolean readBeforeFail, boolean timerRemoves) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("NonZeroCookies", tla(nonZeroCookies));
        m.put("DropStale", tla(dropStale));
        m.put("FailFast", tla(failFast));
        m.put("ReadBeforeFail", tla(readBeforeFail));
        m.put("TimerRemoves", tla(timerRemoves));
        return m;
    }

    private static String tla(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    /** The canaries behind the "holds" verdicts async and the reference share. */
    private static final Property[] ASYNC_CANARIES = {CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT,
        CANARY_NO_REPLY_IN_TIME, CANARY_NO_EVENT_BEFORE_REPLY, CANARY_NO_LATE_MATCH, CANARY_NO_CALL_QUEUED_DURING_CALL,
        CANARY_NO_WAKEUP_DUE, CANARY_NO_EVENT_DURING_OTHER_CALL};

    private static final Narration REQUESTS = new Narration(Story.REQUESTS, Callers.CAMERA_MANAGER);

    /**
     * Review's all-async design: requests with completions on the camera manager loop, libcamera's
     * counter and matching. At N = 3 (no events, no deaths, one call) it takes the reference's steps
     * (the same 6918 states: their mechanisms differ only in what becomes of an event, a death or a
     * stale reply, and a late reply's fate touches no N = 3 property), so it is checked at N = 2 and
     * the reference's N = 3 runs stand for both.
     */
    private static final Model ASYNC_MODEL = new Model("async", "AsyncRequests", 2,
            asyncRequests(false, false, false, false, true), section7And(ASYNC_CANARIES), N2, List.of(), REQUESTS);

    /** The kit's design: async with non-zero cookies, stale replies dropped, fail-fast on worker death. */
    private static final Model REFERENCE_MODEL = new Model("reference", "AsyncRequests", 2,
            asyncRequests(true, true, true, true, true),
            withAll(section7And(ASYNC_CANARIES), CANARY_NO_STALE_REPLY, CANARY_NO_DEATH_DURING_CALL),
            N2_N3, List.of(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_WAKEUP_DUE,
                    CANARY_NO_CALL_QUEUED_DURING_CALL, CANARY_NO_REPLY_IN_TIME, CANARY_NO_LATE_MATCH),
            REQUESTS);

    private static List<Property> withAll(List<Property> p, Property... more) {
        List<Property> out = new ArrayList<>(p);
        out.addAll(List.of(more));
        return out;
    }

    /** A mutant of async or the reference: one switch off, checked at N = 2 on the one property it fails. */
    private static DesignEntry asyncMutant(String base, String name, Map<String, String> switches, Property caughtBy,
                                           String summary) {
        return DesignEntry.mutant(base, new Model(name, "AsyncRequests", 2, switches, List.of(caughtBy), N2,
                List.of(), REQUESTS), summary);
    }

    /**
     * Review's proposal (docs/designs.md, poll-one): sendSync polls only its own socket with the
     * time left to its 2000 ms deadline and defers other messages to the loop. Its re-poll runs only
     * after a message that is not the call's reply, which a first call never reads (the events'
     * cookie 0 completes it): BoundedReturn, NoLostWakeup and their canaries also run for a later call.
     */
    private static final Model POLL_ONE_MODEL = new Model("poll-one", "PollOne", 2,
            constant("Mutant", "\"none\""),
            section7And(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_WAKEUP_DUE,
                    CANARY_NO_CALL_QUEUED_DURING_CALL, CANARY_NO_REPLY_IN_TIME, CANARY_NO_EVENT_BEFORE_REPLY,
                    CANARY_NO_LATE_MATCH),
            N2_N3, List.of(CANARY_NO_CALL_COMPLETES, CANARY_NO_TIMEOUT, CANARY_NO_WAKEUP_DUE,
                    CANARY_NO_CALL_QUEUED_DURING_CALL, CANARY_NO_REPLY_IN_TIME, CANARY_NO_LATE_MATCH),
            new Narration(Story.OWN_SOCKET_POLL, Callers.CAMERA_MANAGER),
            Set.of(BOUNDED_RETURN, NO_LOST_WAKEUP, CANARY_NO_CALL_COMPLETES, CANARY_NO_WAKEUP_DUE), false);

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
            DesignEntry.implemented(new PipeDesign("poll-one", PollOnePipe.DEFAULT_TIMEOUT, PipeDesign.Wait.POLL,
                            PollOnePipe::new),
                    POLL_ONE_MODEL,
                    new CampaignPlan(30, Set.of("CameraIsolation", "NoCookieConfusion", "EventBeforeReplyOrder",
                            "NoStaleReplyAsEvent", "PromptErrorOnExit")),
                    Optional.of(EventMapping.pollOne(POLL_ONE_MODEL)),
                    "review's proposal: the caller polls only its own socket with the time left (2000 ms), "
                            + "other messages wait for the loop"),
            DesignEntry.implemented(new PipeDesign("async", AsyncPipe.DEFAULT_TIMEOUT, PipeDesign.Wait.POLL,
                            AsyncPipe::new),
                    ASYNC_MODEL,
                    new CampaignPlan(12, Set.of("NoStaleReplyAsEvent", "NoCookieConfusion", "PromptErrorOnExit")),
                    Optional.of(EventMapping.asyncRequests(ASYNC_MODEL)),
                    "review's all-async: a sync call is a request completed from the camera manager's loop "
                            + "(2000 ms timer), libcamera's matching"),
            DesignEntry.implemented(new PipeDesign("reference", ReferencePipe.DEFAULT_TIMEOUT, PipeDesign.Wait.POLL,
                            ReferencePipe::new),
                    REFERENCE_MODEL,
                    // Expected to hold everything: any violation is a bug, so every property is shrunk.
                    new CampaignPlan(12, Set.of("NoLostWakeup", "NoNestedDispatch", "BoundedReturn",
                            "NoSpuriousTimeout", "EventuallyReturns", "NoStaleReplyAsEvent", "NoCookieConfusion",
                            "CameraIsolation", "EventBeforeReplyOrder", "NoMatchedReplyTimeout", "PromptErrorOnExit",
                            "NoEarlyTimeout", "NoMessageLoss")),
                    Optional.of(EventMapping.asyncRequests(REFERENCE_MODEL)),
                    "the kit's design: async with cookie 0 kept for events, stale replies dropped, whole "
                            + "messages under back-pressure, fail-fast on worker death"),
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
                    "threaded with notify_one removed: TLC must find the lost wake-up"),
            asyncMutant("reference", "reference-cookie0", asyncRequests(false, true, true, true, true),
                    NO_COOKIE_CONFUSION,
                    "reference numbering requests from 0: TLC must find an event taken as init's reply"),
            asyncMutant("reference", "reference-no-stale-drop", asyncRequests(true, false, true, true, true),
                    NO_STALE_REPLY_AS_EVENT,
                    "reference handing unmatched replies to recv: TLC must find a reply as an event"),
            asyncMutant("reference", "reference-no-fail-fast", asyncRequests(true, true, false, true, true),
                    PROMPT_ERROR_ON_EXIT,
                    "reference not watching its worker: TLC must find a call waiting out its deadline"),
            asyncMutant("reference", "reference-fail-before-read", asyncRequests(true, true, true, false, true),
                    NO_EARLY_TIMEOUT, "reference failing calls on exit before reading the socket: TLC must find a reply"
                            + " already sent turned into -ENOTCONN"),
            asyncMutant("async", "async-timer-keeps-pending", asyncRequests(false, false, false, false, false),
                    NO_MATCHED_REPLY_TIMEOUT, "async whose deadline timer leaves the call pending: TLC must find a late"
                            + " reply consumed after -ETIMEDOUT"),
            // Its mechanism needs a message that is not the call's reply: later calls only. Which
            // property catches it: BoundedReturn (and NoLostWakeup: its poll sleeps past the
            // deadline); NoEarlyTimeout, with its canary, shows it is not the one.
            DesignEntry.mutant("poll-one", new Model("poll-one-full-timeout", "PollOne", 2,
                    constant("Mutant", "\"full-timeout\""),
                    List.of(BOUNDED_RETURN, NO_LOST_WAKEUP, NO_EARLY_TIMEOUT, CANARY_NO_REPLY_IN_TIME), N2, List.of(),
                    new Narration(Story.OWN_SOCKET_POLL, Callers.CAMERA_MANAGER), Set.of(), true),
                    "poll-one polling the full 2000 ms after every foreign message: TLC must find the overrun"),
            DesignEntry.mutant("poll-one", new Model("poll-one-deadline-first", "PollOne", 2,
                    constant("Mutant", "\"deadline-first\""), List.of(NO_MATCHED_REPLY_TIMEOUT), N2, List.of(),
                    new Narration(Story.OWN_SOCKET_POLL, Callers.CAMERA_MANAGER)),
                    "poll-one testing the deadline before returning a match: TLC must find the matched reply"
                            + " reported as a timeout"));

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
