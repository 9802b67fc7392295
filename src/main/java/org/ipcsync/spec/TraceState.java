package org.ipcsync.spec;

import java.util.List;
import java.util.Map;

/**
 * One state of a TLC counterexample.
 *
 * @param index     TLC's 1-based state number
 * @param action    the TLA+ action that led here ("Initial predicate" for state 1)
 * @param location  where TLC says the action is defined ("line 100, col 5 to ... of module X")
 * @param variables every variable's value, parsed by {@link TlaValue}
 * @param changed   the variables whose value differs from the previous state, in spec order
 */
public record TraceState(int index, String action, String location, Map<String, Object> variables,
                         List<String> changed) {

    /** A variable's value as a map (records and functions); fails loudly on a type mismatch. */
    @SuppressWarnings("unchecked")
    public Map<Object, Object> map(String variable) {
        return (Map<Object, Object>) variables.get(variable);
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String variable) {
        return (List<Object>) variables.get(variable);
    }
}
