package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every CI-sized TLC check (the sizes {@link SpecCatalogue#ciCameras} gives) and compares the
 * verdict TLC reaches with the checked-in table; a difference fails with both verdicts and where
 * TLC's output is. The checks are independent, so they all start at once in a {@link TlcBatch}
 * (one TLC JVM per core) and each test waits for its own result, keeping one test per check.
 */
class CiVerdictsTest {
    private static final ExpectedVerdicts EXPECTED = ExpectedVerdicts.load();
    private static final TlcRunner RUNNER = new TlcRunner(TlcRunner.Options.defaults()
            .withReportDir(Path.of("target", "tlc-timelines")));
    private static final Map<Check, TlcResult> DONE = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicTest> everyCiCheckReachesTheExpectedVerdict() {
        List<Check> checks = SpecCatalogue.ciChecks(DesignCatalog.models());
        TlcBatch batch = TlcBatch.onCores(RUNNER);
        List<CompletableFuture<TlcResult>> results = batch.submit(checks);
        batch.close(); // takes no more work; the submitted checks still run
        return IntStream.range(0, checks.size()).mapToObj(i -> DynamicTest.dynamicTest(checks.get(i).id(), () -> {
            TlcResult r = result(results.get(i));
            DONE.put(checks.get(i), r);
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

    private static TlcResult result(CompletableFuture<TlcResult> f) throws Throwable {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause();
        }
    }

    /** Prints the TLC time per design and the largest state space, for the time budget. */
    @AfterAll
    static void printTheTimeSpent() {
        Map<String, double[]> perDesign = new TreeMap<>();
        DONE.forEach((c, r) -> {
            double[] t = perDesign.computeIfAbsent(c.design().name(), k -> new double[2]);
            t[0] += r.seconds();
            t[1]++;
        });
        perDesign.forEach((d, t) -> System.out.printf("TLC %-22s %3.0f checks %7.1f s%n", d, t[1], t[0]));
        DONE.values().stream().max((a, b) -> Long.compare(a.distinctStates(), b.distinctStates()))
                .ifPresent(r -> System.out.printf("TLC largest: %s, %d states%n", r.check().id(), r.distinctStates()));
    }
}
