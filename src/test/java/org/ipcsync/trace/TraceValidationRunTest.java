package org.ipcsync.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ipcsync.report.Summary;
import org.ipcsync.scenario.Recording;
import org.ipcsync.testing.TestDirs;
import org.junit.jupiter.api.Test;

/** Checks started early, while the campaign goes on, are the ones the run reports, each made once. */
class TraceValidationRunTest {
    private static final Path WORK = Path.of("target", "tlc-trace-run-test");

    @Test
    void recordingsStartedEarlyAreReportedWithoutBeingCheckedAgain() throws IOException {
        TestDirs.deleteRecursively(WORK);
        TraceValidationRun run = new TraceValidationRun(new TraceValidator(
                new org.ipcsync.spec.TlcRunner(org.ipcsync.spec.TlcRunner.Options.defaults().withWorkDir(WORK))),
                line -> {}, 2);
        TraceValidationRun.Target target = new TraceValidationRun.Target("threaded", TraceValidationTest.mapping("threaded"));
        TraceSample sample = new TraceSample(4);
        for (String scenario : List.of("cameras=2 stop-all", "cameras=1 ipa0=stop=kill@1")) {
            Recording r = TraceValidationTest.recording("threaded", scenario);
            int place = sample.offer(r);
            assertThat(place).isPositive();
            run.startEarly(target, r, place);
        }

        Map<String, Summary.TraceResult> out = run.run(sample, List.of(target));

        Summary.TraceResult threaded = out.get("threaded");
        assertThat(threaded.checked()).isEqualTo(2);
        assertThat(threaded.accepted()).isEqualTo(2);
        assertThat(threaded.mutants()).isEqualTo(5);
        assertThat(threaded.mutantsRejected()).isEqualTo(5);
        assertThat(run.problems()).isEmpty();
        try (Stream<Path> dirs = Files.list(WORK)) {
            assertThat(dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()))
                    .as("one TLC run per recording and mutant, all of them the early ones")
                    .containsExactlyInAnyOrder("trace-threaded-threaded-early-1", "trace-threaded-threaded-early-2",
                            "trace-threaded-threaded-early-mutant-1", "trace-threaded-threaded-early-mutant-2",
                            "trace-threaded-threaded-early-mutant-3", "trace-threaded-threaded-early-mutant-4",
                            "trace-threaded-threaded-early-mutant-5");
        }
    }
}
