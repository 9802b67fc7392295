package org.ipcsync.trace;

import org.ipcsync.scenario.Recording;
import org.ipcsync.spec.Design;

/** Says a recording in the words of one design's spec: which recorded fact is which visible action. */
public interface EventMapping {
    SpecTrace map(Recording recording);

    /** The mapping for a design; only the designs with a trace spec under spec/ have one. */
    static EventMapping forDesign(Design design) {
        return switch (design) {
            case THREADED, THREADED_NO_NOTIFY -> new ThreadedMapping(design);
            case NESTED -> new NestedMapping();
            default -> throw new IllegalArgumentException("no trace mapping for design " + design.label()
                    + " yet (trace validation covers " + TraceValidator.DESIGNS + ")");
        };
    }
}
