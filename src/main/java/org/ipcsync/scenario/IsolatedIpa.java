package org.ipcsync.scenario;

import java.time.Duration;
import java.util.List;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.simipa.SimIpa;

/** The kit's own isolated IPA: a sim-ipa worker process behind a pipe from {@link PipeDesigns}. */
public final class IsolatedIpa implements PipeFactory {
    public static final PipeFactory FACTORY = new IsolatedIpa();

    private IsolatedIpa() {}

    @Override
    public List<String> designs() {
        return PipeDesigns.names();
    }

    @Override
    public Duration defaultTimeout(String design) {
        return PipeDesigns.defaultTimeout(design);
    }

    @Override
    public IPCPipe create(String design, IpaProfile profile, PipeOptions options) {
        return PipeDesigns.create(design, SimIpa.command(profile), options);
    }
}
