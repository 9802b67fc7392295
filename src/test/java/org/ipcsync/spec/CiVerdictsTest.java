package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every CI-sized TLC check (N = 2 and 3) and compares the verdict TLC reaches with the
 * checked-in table; a difference fails with both verdicts and where TLC's output is.
 */
class CiVerdictsTest {
    private static final ExpectedVerdicts EXPECTED = ExpectedVerdicts.load();
    private static final TlcRunner RUNNER = new TlcRunner(TlcRunner.Options.defaults()
            .withReportDir(Path.of("target", "tlc-timelines")));

    @TestFactory
    Stream<DynamicTest> everyCiCheckReachesTheExpectedVerdict() {
        return SpecCatalogue.ciChecks().stream().map(check -> DynamicTest.dynamicTest(check.id(), () -> {
            TlcResult r = RUNNER.run(check);
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
}
