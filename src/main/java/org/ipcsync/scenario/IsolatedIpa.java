package org.ipcsync.scenario;

import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.simipa.SimIpa;

/** The kit's own isolated IPA: a sim-ipa worker process behind the design's pipe. */
public final class IsolatedIpa implements PipeFactory {
    public static final PipeFactory FACTORY = new IsolatedIpa();

    private IsolatedIpa() {}

    @Override
    public IPCPipe create(PipeDesign design, IpaProfile profile, PipeOptions options) {
        return design.create(SimIpa.command(profile), options);
    }
}
