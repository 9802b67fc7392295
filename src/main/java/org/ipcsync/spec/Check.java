package org.ipcsync.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One TLC run: one property of one design at one model size.
 *
 * @param design    the spec and configuration
 * @param property  the single invariant or temporal property this run checks
 * @param cameras   N, the number of cameras (each with its own IPA and pipe)
 * @param maxEvents IPA events (cookie 0) all IPAs together may send in one behaviour
 */
public record Check(Design design, Property property, int cameras, int maxEvents) {
    /** Slack of BoundedReturn and CameraIsolation: 0 ticks, i.e. before the next 1000 ms tick. */
    public static final int SLACK_TICKS = 0;
    /** The modelled call's cookie: 0, the proxy's first message (where an event can pass for a reply). */
    public static final int SEQ0 = 0;

    public Check {
        if (cameras < 1 || cameras > 6) {
            throw new IllegalArgumentException("cameras must be 1..6, got " + cameras);
        }
    }

    /** A file-system-safe name, unique per check: {@code NestedDispatch-NoLostWakeup-N2}. */
    public String id() {
        return design.label() + "-" + property.tlaName() + "-N" + cameras;
    }

    /** The model's constants, in cfg order. */
    public Map<String, String> constants() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("N", Integer.toString(cameras));
        c.put("Deadline", Integer.toString(design.deadlineTicks()));
        c.put("Slack", Integer.toString(SLACK_TICKS));
        c.put("MaxEvents", Integer.toString(maxEvents));
        c.put("Seq0", Integer.toString(SEQ0));
        c.putAll(design.switches());
        return c;
    }

    /** The constants other than N, as written in the expected-verdict table: {@code Deadline=2 Slack=0 ...}. */
    public String modelSize() {
        return constants().entrySet().stream().filter(e -> !e.getKey().equals("N"))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
