package org.ipcsync.scenario.property;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;

/** Every property check, in §7's order, and judging a recording against all of them. */
public final class Properties {
    private Properties() {}

    public static final List<Property> ALL = List.of(
            new NoLostWakeup(),
            new NoNestedDispatch(),
            new BoundedReturn(),
            new NoSpuriousTimeout(),
            new EventuallyReturns(),
            new NoStaleReplyAsEvent(),
            new NoCookieConfusion(),
            new CameraIsolation(),
            new EventBeforeReplyOrder(),
            new NoMessageLoss());

    public static List<String> names() {
        return ALL.stream().map(Property::name).toList();
    }

    public static Property byName(String name) {
        for (Property p : ALL) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown property '" + name + "' (known: " + names() + ")");
    }

    /** Every verdict on {@code recording}, keyed by property name, in §7's order. */
    public static Map<String, Verdict> judgeAll(Recording recording) {
        Bounds bounds = new Bounds(recording.scale());
        Map<String, Verdict> out = new LinkedHashMap<>();
        for (Property p : ALL) {
            out.put(p.name(), p.judge(recording, bounds));
        }
        return out;
    }

    static String ms(long us) {
        return String.format("%.1f ms", us / 1000.0);
    }

    static List<String> list() {
        return new ArrayList<>();
    }
}
