package org.ipcsync.trace;

import org.ipcsync.scenario.Recording;
import org.ipcsync.spec.Model;

/**
 * Says a recording in the words of one design's spec: which recorded fact is which visible
 * action. A design's catalog entry names its mapping; a module with a trace spec under
 * {@code spec/} ({@code <Module>Trace.tla}) has one factory here.
 */
public interface EventMapping {
    SpecTrace map(Recording recording);

    /** The model configuration the mapped traces are checked against. */
    Model model();

    /** For a configuration of NestedDispatch (spec/NestedDispatchTrace.tla). */
    static EventMapping nestedDispatch(Model model) {
        return new NestedMapping(model);
    }

    /** For a configuration of AsyncRequests (spec/AsyncRequestsTrace.tla): async and the reference, switches from the model. */
    static EventMapping asyncRequests(Model model) {
        return new AsyncMapping(model);
    }

    /** For a configuration of ThreadedSync (spec/ThreadedSyncTrace.tla), the notify-removed mutant included. */
    static EventMapping threadedSync(Model model) {
        return new ThreadedMapping(model);
    }

    /** For a configuration of PollOne (spec/PollOneTrace.tla). */
    static EventMapping pollOne(Model model) {
        return new PollOneMapping(model);
    }
}
