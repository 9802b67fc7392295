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
    THREADED_NO_NOTIFY("ThreadedSyncNoNotify", "ThreadedSync", 1, true, one("Notify", "FALSE"));

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
