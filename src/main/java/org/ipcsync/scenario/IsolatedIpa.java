package org.ipcsync.scenario;

import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.simipa.SimIpa;

/**
 * The kit's own isolated IPA: a sim-ipa worker process behind the design's pipe, the configured
 * worker ({@link SimIpa#configuredWorker()}) or a chosen one (the campaign bench compares them).
 */
public final class IsolatedIpa implements PipeFactory {
    public static final PipeFactory FACTORY = new IsolatedIpa(null);

    /** null: whatever {@code -Dipcsync.simipa.worker} says when the pipe is made. */
    private final SimIpa.Worker worker;

    private IsolatedIpa(SimIpa.Worker worker) {
        this.worker = worker;
    }

    /** Pipes whose workers are always {@code worker}, whatever the configuration says. */
    public static PipeFactory of(SimIpa.Worker worker) {
        return new IsolatedIpa(java.util.Objects.requireNonNull(worker));
    }

    @Override
    public IPCPipe create(PipeDesign design, IpaProfile profile, PipeOptions options) {
        return design.create(worker == null ? SimIpa.command(profile) : SimIpa.command(profile, worker), options);
    }
}
