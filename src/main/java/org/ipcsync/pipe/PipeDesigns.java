package org.ipcsync.pipe;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import org.ipcsync.worker.WorkerCommand;

/**
 * The sync-call designs by name: the one place that knows which classes exist, so scenarios,
 * benches and reports never name a design class. Stateless; safe from any thread.
 */
public final class PipeDesigns {
    private record Design(String name, Duration defaultTimeout,
            BiFunction<WorkerCommand, PipeOptions, IPCPipe> factory) {}

    private static final List<Design> DESIGNS = List.of(
            new Design(NestedPipe.NAME, NestedPipe.DEFAULT_TIMEOUT, NestedPipe::new),
            new Design(ThreadedPipe.NAME, ThreadedPipe.DEFAULT_TIMEOUT, ThreadedPipe::new),
            new Design(PollOnePipe.NAME, PollOnePipe.DEFAULT_TIMEOUT, PollOnePipe::new));

    private PipeDesigns() {}

    public static List<String> names() {
        return DESIGNS.stream().map(Design::name).toList();
    }

    /** Creates the pipe and starts its worker; check {@link IPCPipe#isConnected()}. */
    public static IPCPipe create(String design, WorkerCommand worker, PipeOptions options) {
        return find(design).factory.apply(worker, options);
    }

    /** The sync-call timeout the design has (2000 ms nested and poll-one, 1000 ms threaded). */
    public static Duration defaultTimeout(String design) {
        return find(design).defaultTimeout;
    }

    private static Design find(String name) {
        for (Design d : DESIGNS) {
            if (d.name.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown pipe design '" + name + "' (known: " + names() + ")");
    }
}
