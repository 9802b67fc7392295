package org.ipcsync.spec;

import java.util.List;

/**
 * A TLC counterexample: the states in order, and for a liveness violation how it continues
 * forever: {@code loopsBackTo} is the state number the behaviour returns to (0 if none), and
 * {@code stutters} says it stays in its last state for ever.
 */
public record Trace(List<TraceState> states, int loopsBackTo, boolean stutters) {
    public Trace {
        states = List.copyOf(states);
    }

    public int length() {
        return states.size();
    }

    public TraceState last() {
        return states.get(states.size() - 1);
    }
}
