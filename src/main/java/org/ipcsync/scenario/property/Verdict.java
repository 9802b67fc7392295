package org.ipcsync.scenario.property;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A property's verdict on one recording: whether it held, the calls (or frames, or messages)
 * that witness a violation, each described in one line against the recording's clock, and how
 * many times the situation the property is about occurred in the recording ({@code situations}:
 * a reply in time, an event before a reply, a worker death during a call...). A hold over zero
 * situations says nothing; campaigns report it as vacuous.
 *
 * <p>{@code scopes} splits situations and violations where the report must tell cases apart
 * (the proxy's first call, cookie 0, from later calls); empty otherwise.
 */
public record Verdict(String property, boolean holds, List<String> witnesses, int situations,
                      Map<String, Tally> scopes) {
    /** Situations and violations within one scope of a property. */
    public record Tally(int situations, int violations) {
        public Tally plus(Tally o) {
            return new Tally(situations + o.situations, violations + o.violations);
        }
    }

    public Verdict {
        witnesses = List.copyOf(witnesses);
        scopes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopes));
        if (holds != witnesses.isEmpty()) {
            throw new IllegalArgumentException("a violation needs a witness, a pass has none");
        }
        if (situations < 0) {
            throw new IllegalArgumentException("situations must not be negative");
        }
    }

    public static Verdict of(String property, List<String> witnesses, int situations) {
        return new Verdict(property, witnesses.isEmpty(), witnesses, situations, Map.of());
    }

    public static Verdict of(String property, List<String> witnesses, int situations, Map<String, Tally> scopes) {
        return new Verdict(property, witnesses.isEmpty(), witnesses, situations, scopes);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(property).append(": ")
                .append(holds ? (situations == 0 ? "holds (vacuously: no situation)" : "holds") : "VIOLATED")
                .append("  [").append(situations).append(situations == 1 ? " situation" : " situations");
        scopes.forEach((scope, t) -> s.append("; ").append(scope).append(' ').append(t.violations()).append('/')
                .append(t.situations()));
        s.append(']');
        if (!holds) {
            s.append("\n    ").append(String.join("\n    ", witnesses));
        }
        return s.toString();
    }
}
