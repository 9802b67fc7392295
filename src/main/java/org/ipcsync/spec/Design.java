package org.ipcsync.spec;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model configuration of one of the TLA+ specs in {@code spec/}: the spec module, the sync-call
 * deadline in ticks (one tick stands for 1000 ms) and the switch constants that select the
 * configuration. {@link #label()} is the name used in the verdict table and on the command line.
 */
public enum Design {
    /** The legacy design, calls posted to the camera manager thread (upstream pipelines). */
    NESTED("NestedDispatch", "NestedDispatch", 2, false, one("Callers", "\"cm\"")),
    /** The legacy design with each application thread calling sendSync itself (section 4). */
    NESTED_CROSS_THREAD("NestedCrossThread", "NestedDispatch", 2, false, one("Callers", "\"app\"")),
    /**
     * The patch author's setup: calls posted to one caller thread, where they nest, while the
     * sockets are read on the camera manager thread.
     */
    NESTED_CALLER_THREAD("NestedCallerThread", "NestedDispatch", 2, false, one("Callers", "\"caller\"")),
    /** The proposed fix: receiver thread, mutex, condition variable with notify_one. */
    THREADED("ThreadedSync", "ThreadedSync", 1, false, one("Notify", "TRUE")),
    /** Mutant of the fix with notify_one removed; must fail NoLostWakeup. */
    THREADED_NO_NOTIFY("ThreadedSyncNoNotify", "ThreadedSync", 1, true, one("Notify", "FALSE")),
    /** Review's all-async design: requests with completions on the camera manager loop, libcamera's matching. */
    ASYNC("async", "AsyncRequests", 2, false, async(false, false, false, false, true)),
    /** The kit's design: async with non-zero cookies, stale replies dropped, fail-fast on worker death. */
    REFERENCE("reference", "AsyncRequests", 2, false, async(true, true, true, true, true)),
    /** Mutant of the reference numbering requests from 0, as libcamera; must fail NoCookieConfusion. */
    REFERENCE_COOKIE0("reference-cookie0", "AsyncRequests", 2, true, async(false, true, true, true, true)),
    /** Mutant of the reference handing unmatched replies to the event path; must fail NoStaleReplyAsEvent. */
    REFERENCE_NO_STALE_DROP("reference-no-stale-drop", "AsyncRequests", 2, true, async(true, false, true, true, true)),
    /** Mutant of the reference that does not watch the worker; must fail PromptErrorOnExit. */
    REFERENCE_NO_FAIL_FAST("reference-no-fail-fast", "AsyncRequests", 2, true, async(true, true, false, true, true)),
    /**
     * Mutant of the reference whose exit handler fails the pending calls before reading what the
     * worker sent before dying, so a reply already in the socket becomes an error; must fail
     * NoEarlyTimeout.
     */
    REFERENCE_FAIL_BEFORE_READ("reference-fail-before-read", "AsyncRequests", 2, true,
            async(true, true, true, false, true)),
    /**
     * Mutant of async whose deadline timer completes a call but leaves it pending, so a late reply
     * is matched (and consumed) after the caller got -ETIMEDOUT; must fail NoMatchedReplyTimeout.
     */
    ASYNC_TIMER_KEEPS_PENDING("async-timer-keeps-pending", "AsyncRequests", 2, true,
            async(false, false, false, false, false));

    /** The legacy 2000 ms sendSync timeout in ticks, the bound NoEarlyTimeout holds every design to. */
    public static final int LEGACY_DEADLINE_TICKS = 2;

    private final String label;
    private final String module;
    private final int deadlineTicks;
    private final boolean mutant;
    private final Map<String, String> switches;

    Design(String label, String module, int deadlineTicks, boolean mutant, Map<String, String> switches) {
        this.label = label;
        this.module = module;
        this.deadlineTicks = deadlineTicks;
        this.mutant = mutant;
        this.switches = Collections.unmodifiableMap(switches);
    }

    /** The switches of AsyncRequests.tla, in its CONSTANTS order. */
    private static Map<String, String> async(boolean nonZeroCookies, boolean dropStale, boolean failFast,
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

    private static Map<String, String> one(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }

    public String label() {
        return label;
    }

    /** The TLA+ module (file name without .tla) that holds this design's Spec. */
    public String module() {
        return module;
    }

    public int deadlineTicks() {
        return deadlineTicks;
    }

    public boolean isNested() {
        return module.equals("NestedDispatch");
    }

    /** True for the request-with-completion designs (async, reference and their mutants). */
    public boolean isAsync() {
        return module.equals("AsyncRequests");
    }

    /** True for a configuration that switches one mechanism of a design off; every check of it must fail. */
    public boolean isMutant() {
        return mutant;
    }

    /** The value of a boolean switch constant, false when the design has no such switch. */
    public boolean switchedOn(String name) {
        return "TRUE".equals(switches.get(name));
    }

    /** True when the sync calls are made on a thread other than the one that reads the sockets. */
    public boolean isCrossThread() {
        return this == NESTED_CROSS_THREAD || this == NESTED_CALLER_THREAD;
    }

    /** True when each application thread makes its own calls (no thread receives them as messages). */
    public boolean callsOnAppThreads() {
        return this == NESTED_CROSS_THREAD;
    }

    /** The design-specific constants, in cfg order (TLA+ syntax: strings keep their quotes). */
    public Map<String, String> switches() {
        return switches;
    }

    /** Looks a design up by its label, ignoring case. */
    public static Design byLabel(String label) {
        return Arrays.stream(values()).filter(d -> d.label.equalsIgnoreCase(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown design '" + label + "'"));
    }
}
