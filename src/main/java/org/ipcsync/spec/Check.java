package org.ipcsync.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One TLC run: one property of one design at one model size.
 *
 * @param design    the model configuration (module and constants) of one design
 * @param property  the single invariant or temporal property this run checks
 * @param cameras   N, the number of cameras (each with its own IPA and pipe)
 * @param maxEvents IPA events (cookie 0) all IPAs together may send in one behaviour
 * @param seq0      the cookie of each camera's first modelled call: 0 is the proxy's first message
 *                  (the one an IPA event can pass for), 1 a later call
 * @param calls     sync calls each camera makes, one after the other
 * @param maxDeaths worker processes that may die in one behaviour
 */
public record Check(Model design, Property property, int cameras, int maxEvents, int seq0, int calls,
                    int maxDeaths) {
    /** Slack of BoundedReturn, CameraIsolation and PromptErrorOnExit: 0 ticks, i.e. before the next 1000 ms tick. */
    public static final int SLACK_TICKS = 0;
    /** The default first cookie: 0, the proxy's first message (where an event can pass for a reply). */
    public static final int SEQ0 = 0;

    public Check {
        if (cameras < 1 || cameras > 6) {
            throw new IllegalArgumentException("cameras must be 1..6, got " + cameras);
        }
        if (calls < 1 || calls > 3 || maxDeaths < 0 || maxDeaths > 2 || seq0 < 0) {
            throw new IllegalArgumentException("calls 1..3, deaths 0..2, seq0 >= 0; got " + calls + ", "
                    + maxDeaths + ", " + seq0);
        }
    }

    /** One call per camera, the proxy's first (cookie 0), no worker death. */
    public Check(Model design, Property property, int cameras, int maxEvents) {
        this(design, property, cameras, maxEvents, SEQ0, 1, 0);
    }

    /** The same check for calls made after the proxy's first message (first cookie {@code seq0}). */
    public Check withSeq0(int first) {
        return new Check(design, property, cameras, maxEvents, first, calls, maxDeaths);
    }

    /**
     * A file-system-safe name, unique per check: {@code nested-NoLostWakeup-N2}, with
     * {@code -Seq1} for a run whose calls come after the proxy's first message.
     */
    public String id() {
        return design.name() + "-" + property.tlaName() + "-N" + cameras + (seq0 == SEQ0 ? "" : "-Seq" + seq0);
    }

    /** The model's constants, in cfg order. */
    public Map<String, String> constants() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("N", Integer.toString(cameras));
        c.put("Deadline", Integer.toString(design.deadlineTicks()));
        c.put("LegacyDeadline", Integer.toString(Model.LEGACY_DEADLINE_TICKS));
        c.put("Slack", Integer.toString(SLACK_TICKS));
        c.put("MaxEvents", Integer.toString(maxEvents));
        c.put("Seq0", Integer.toString(seq0));
        c.put("Calls", Integer.toString(calls));
        c.put("MaxDeaths", Integer.toString(maxDeaths));
        c.putAll(design.switches());
        return c;
    }

    /** The constants other than N, as written in the expected-verdict table: {@code Deadline=2 Slack=0 ...}. */
    public String modelSize() {
        return constants().entrySet().stream().filter(e -> !e.getKey().equals("N"))
                .map(e -> e.getKey() + "=" + e.getValue().replace("\"", ""))
                .collect(Collectors.joining(" "));
    }
}
