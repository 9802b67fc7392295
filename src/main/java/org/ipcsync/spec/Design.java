package org.ipcsync.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model configuration of one of the TLA+ specs in {@code spec/}: the spec module, the
 * sync-call deadline in ticks (one tick stands for 1000 ms) and the switch constant that selects
 * the configuration. {@link #label()} is the name used in the verdict table and on the command line.
 */
public enum Design {
    /** The legacy design, calls posted to the camera manager thread (upstream pipelines). */
    NESTED("NestedDispatch", "NestedDispatch", 2, "Callers", "\"cm\""),
    /** The legacy design with each application thread calling sendSync itself (section 4). */
    NESTED_CROSS_THREAD("NestedCrossThread", "NestedDispatch", 2, "Callers", "\"app\""),
    /**
     * The patch author's setup: calls posted to one caller thread, where they nest, while the
     * sockets are read on the camera manager thread.
     */
    NESTED_CALLER_THREAD("NestedCallerThread", "NestedDispatch", 2, "Callers", "\"caller\""),
    /** The proposed fix: receiver thread, mutex, condition variable with notify_one. */
    THREADED("ThreadedSync", "ThreadedSync", 1, "Notify", "TRUE"),
    /** Mutant of the fix with notify_one removed; must fail NoLostWakeup. */
    THREADED_NO_NOTIFY("ThreadedSyncNoNotify", "ThreadedSync", 1, "Notify", "FALSE"),
    /** Review's proposal: sendSync polls only its own socket with the time left to its 2000 ms deadline. */
    POLL_ONE("PollOne", "PollOne", 2, "Mutant", "\"none\""),
    /** Mutant of poll-one: every poll waits the full 2000 ms instead of the time left; must fail BoundedReturn. */
    POLL_ONE_FULL_TIMEOUT("PollOneFullTimeout", "PollOne", 2, "Mutant", "\"full-timeout\""),
    /** Mutant of poll-one: the deadline is tested before a match returns; must fail NoMatchedReplyTimeout. */
    POLL_ONE_DEADLINE_FIRST("PollOneDeadlineFirst", "PollOne", 2, "Mutant", "\"deadline-first\"");

    /** The legacy 2000 ms sendSync timeout in ticks, the bound NoEarlyTimeout holds every design to. */
    public static final int LEGACY_DEADLINE_TICKS = 2;

    private final String label;
    private final String module;
    private final int deadlineTicks;
    private final String switchName;
    private final String switchValue;

    Design(String label, String module, int deadlineTicks, String switchName, String switchValue) {
        this.label = label;
        this.module = module;
        this.deadlineTicks = deadlineTicks;
        this.switchName = switchName;
        this.switchValue = switchValue;
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
        Map<String, String> m = new LinkedHashMap<>();
        m.put(switchName, switchValue);
        return m;
    }

    /** Looks a design up by its label, ignoring case. */
    public static Design byLabel(String label) {
        return Arrays.stream(values()).filter(d -> d.label.equalsIgnoreCase(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown design '" + label + "'"));
    }
}
