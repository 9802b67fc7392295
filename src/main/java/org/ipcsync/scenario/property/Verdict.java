package org.ipcsync.scenario.property;

import java.util.List;

/**
 * A property's verdict on one recording: whether it held, and the calls (or frames, or
 * messages) that witness a violation, each described in one line against the recording's clock.
 */
public record Verdict(String property, boolean holds, List<String> witnesses) {
    public Verdict {
        witnesses = List.copyOf(witnesses);
        if (holds != witnesses.isEmpty()) {
            throw new IllegalArgumentException("a violation needs a witness, a pass has none");
        }
    }

    public static Verdict of(String property, List<String> witnesses) {
        return new Verdict(property, witnesses.isEmpty(), witnesses);
    }

    @Override
    public String toString() {
        return property + ": " + (holds ? "holds" : "VIOLATED\n    " + String.join("\n    ", witnesses));
    }
}
