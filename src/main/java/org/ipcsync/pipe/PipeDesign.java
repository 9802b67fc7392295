package org.ipcsync.pipe;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import org.ipcsync.worker.WorkerCommand;

/**
 * One implemented sync-call design as the layers above the pipe need it: its name, the sync-call
 * timeout it has in libcamera, and how to make one of its pipes. The design catalog
 * ({@code org.ipcsync.catalog}) makes these and passes them down; nothing in this package lists
 * the designs. Immutable; safe from any thread.
 *
 * @param name           the design's one name (as in every command, file and report key)
 * @param defaultTimeout the sync-call timeout the design has in libcamera
 * @param waits          how a reply reaches the waiting caller (the benchmark compares the pipe with a C
 *                       ping-pong of the same shape)
 * @param factory        makes the pipe and starts its worker
 */
public record PipeDesign(String name, Duration defaultTimeout, Wait waits,
                         BiFunction<WorkerCommand, PipeOptions, IPCPipe> factory) {
    /** How the caller learns of its reply. */
    public enum Wait {
        /** The calling (or event-loop) thread polls the socket itself and reads the reply. */
        POLL,
        /** A receiver thread reads the reply and wakes the caller through a mutex and condition variable. */
        RECEIVER_THREAD
    }

    public PipeDesign {
        Objects.requireNonNull(name);
        Objects.requireNonNull(waits);
        Objects.requireNonNull(factory);
        if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
            throw new IllegalArgumentException(name + ": the default timeout must be positive");
        }
    }

    /** Creates the pipe and starts its worker; check {@link IPCPipe#isConnected()}. */
    public IPCPipe create(WorkerCommand worker, PipeOptions options) {
        return factory.apply(worker, options);
    }

    @Override
    public String toString() {
        return name;
    }
}
