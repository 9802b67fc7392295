package org.ipcsync.scenario;

import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;

/**
 * Makes a camera's IPA pipe of the design under test, with a worker running {@code profile}
 * (already scaled). Called in the camera manager thread: the nested design binds its socket
 * notifier to the creating thread.
 */
public interface PipeFactory {
    IPCPipe create(PipeDesign design, IpaProfile profile, PipeOptions options);
}
