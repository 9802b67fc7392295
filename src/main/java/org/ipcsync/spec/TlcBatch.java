package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent TLC checks side by side, at most {@link #parallelism()} child JVMs at once.
 * Each check is single-worker TLC in its own JVM, run directory and temporary directory
 * ({@link TlcRunner}), so checks share nothing but the cores; more JVMs than cores would only
 * time-slice them. Results come back as futures in the order the checks were given, so callers
 * report in catalogue order whatever order they finish in.
 *
 * <p>Threads: {@link #submit} from any thread; the checks run on the batch's own daemon threads.
 * {@link #close} stops taking work and lets running checks finish.
 */
public final class TlcBatch implements AutoCloseable {
    /** System property: how many TLC JVMs may run at once (default: the cores the JVM sees). */
    public static final String PARALLELISM_PROPERTY = "ipcsync.tlc.parallelism";

    private final TlcRunner runner;
    private final int parallelism;
    private final ExecutorService pool;

    public TlcBatch(TlcRunner runner, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.runner = runner;
        this.parallelism = parallelism;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "tlc-batch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A batch as wide as {@value #PARALLELISM_PROPERTY}, else the available processors. */
    public static TlcBatch onCores(TlcRunner runner) {
        return new TlcBatch(runner, defaultParallelism());
    }

    public static int defaultParallelism() {
        return Math.max(1, Integer.getInteger(PARALLELISM_PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    public int parallelism() {
        return parallelism;
    }

    /** Starts every check; the i-th future completes with the i-th check's result (or its failure). */
    public List<CompletableFuture<TlcResult>> submit(List<Check> checks) {
        List<CompletableFuture<TlcResult>> futures = new ArrayList<>(checks.size());
        for (Check check : checks) {
            futures.add(CompletableFuture.supplyAsync(() -> runner.run(check), pool));
        }
        return futures;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
