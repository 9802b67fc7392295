package org.ipcsync.scenario.property;

import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;

/**
 * One property of §7 of docs/semantics.md, judged on a finished {@link Recording}. A check
 * only reads the recording; it never looks at which design ran. Stateless; any thread.
 */
public interface Property {
    /** The name used across specs, tests and reports. */
    String name();

    /** One line: what a violation looks like in a recording. */
    String meaning();

    Verdict judge(Recording recording, Bounds bounds);
}
