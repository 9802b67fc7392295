package org.ipcsync.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one TLC run.
 *
 * @param check          what was checked
 * @param verdict        HOLDS (exit 0) or VIOLATED (exit 12 safety, 13 liveness, 11 deadlock)
 * @param simulated      true if this came from random simulation: HOLDS then only means none found
 * @param distinctStates distinct states found; for a simulation, states generated
 * @param depth          depth of the state graph search, or the trace length when TLC gives none
 * @param seconds        wall-clock time of the child JVM, start-up included
 * @param trace          the counterexample, null when the property holds
 * @param timelines      the timeline files written for the counterexample (Markdown, HTML), may be empty
 * @param runDir         where the cfg, the spec copies, TLC's metadir and its full output are
 */
public record TlcResult(Check check, Verdict verdict, boolean simulated, long distinctStates, int depth,
                        double seconds, Trace trace, List<Path> timelines, Path runDir) {
    public TlcResult {
        timelines = List.copyOf(timelines);
    }

    public int traceLength() {
        return trace == null ? 0 : trace.length();
    }
}
