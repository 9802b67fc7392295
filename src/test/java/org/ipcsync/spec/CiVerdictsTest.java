package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every CI-sized TLC check (N = 2 and 3) and compares the verdict TLC reaches with the
 * checked-in table; a difference fails with both verdicts and where TLC's output is. The checks
 * run {@value #DEFAULT_PARALLEL} at a time (system property {@code ipcsync.tlc.parallel}), each in
 * its own child JVM and run directory; the tests report them in table order.
 */
class CiVerdictsTest {
    private static final int DEFAULT_PARALLEL = 2;
    private static final ExpectedVerdicts EXPECTED = ExpectedVerdicts.load();
    private static final TlcRunner RUNNER = new TlcRunner(TlcRunner.Options.defaults()
            .withReportDir(Path.of("target", "tlc-timelines")));
    private static final Map<Check, TlcResult> DONE = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicTest> everyCiCheckReachesTheExpectedVerdict() {
        List<Check> checks = SpecCatalogue.ciChecks();
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("ipcsync.tlc.parallel", DEFAULT_PARALLEL));
        Map<Check, Future<TlcResult>> runs = new LinkedHashMap<>();
        checks.forEach(c -> runs.put(c, pool.submit(() -> RUNNER.run(c))));
        pool.shutdown();
        return checks.stream().map(check -> DynamicTest.dynamicTest(check.id(), () -> {
            TlcResult r = result(runs.get(check));
            DONE.put(check, r);
            EXPECTED.disagreement(r).ifPresent(why -> fail(why));
            if (r.verdict() == Verdict.VIOLATED) {
                assertThat(r.trace().length()).as("counterexample length").isPositive();
                assertThat(r.timelines()).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
            } else {
                assertThat(r.trace()).isNull();
                assertThat(r.distinctStates()).as("a pass must have explored a state space").isGreaterThan(1);
            }
        }));
    }

    private static TlcResult result(Future<TlcResult> run) throws Throwable {
        try {
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    /** Prints the TLC time per design and the largest state space, for the time budget. */
    @AfterAll
    static void printTheTimeSpent() {
        Map<String, double[]> perDesign = new TreeMap<>();
        DONE.forEach((c, r) -> {
            double[] t = perDesign.computeIfAbsent(c.design().label(), k -> new double[2]);
            t[0] += r.seconds();
            t[1]++;
        });
        perDesign.forEach((d, t) -> System.out.printf("TLC %-22s %3.0f checks %7.1f s%n", d, t[1], t[0]));
        DONE.values().stream().max((a, b) -> Long.compare(a.distinctStates(), b.distinctStates()))
                .ifPresent(r -> System.out.printf("TLC largest: %s, %d states%n", r.check().id(), r.distinctStates()));
    }
}
