package org.ipcsync.scenario.v4l2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DesignResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DeviceResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.PropertyVerdict;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.RunResult;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.verify.V4l2Lab;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The property scenarios on two vivid devices in the vivid lab ({@link org.ipcsync.verify.V4l2Lab#runInLab}):
 * real frames checksummed on both sides of the IPC, both designs, every device fault kind, the
 * verdicts the mock campaigns give each design, and no violation TLC rules out.
 */
@Tag("vivid")
class V4l2SuiteLabTest {
    private static final Path OUT = Path.of("target", "vivid-lab", "v4l2-suite").toAbsolutePath();
    private static final Duration LAB_TIMEOUT = Duration.ofMinutes(8);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theScenariosOnTwoVividDevicesGiveEachDesignItsVerdicts() throws Exception {
        long start = System.nanoTime();
        V4l2SuiteResults r = V4l2Lab.runInLab(OUT, 2, LAB_TIMEOUT);
        System.out.printf("vivid suite wall time %.1f s (lab %s); results in %s%n%s%n",
                (System.nanoTime() - start) / 1e9, r.lab().timings(), OUT.resolve(V4l2SuiteResults.FILE),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r.summary()));

        assertThat(r.where()).isEqualTo("vivid-lab");
        assertThat(r.devices()).extracting(DeviceResult::node).containsExactly("/dev/video0", "/dev/video1");
        for (DeviceResult d : r.devices()) {
            assertThat(d.framesCaptured()).as("frames captured on %s", d.node()).isPositive();
            assertThat(d.checksumsMatched()).as("frames checksummed on both sides on %s", d.node()).isPositive();
            assertThat(d.checksumsMismatched()).as("IPA and pipeline checksums differ on %s", d.node()).isZero();
            assertThat(d.checksumsUnverified()).as("frames the pipeline could not read back on %s", d.node()).isZero();
        }

        assertThat(r.designs()).extracting(DesignResult::design).containsExactlyElementsOf(DesignCatalog.pipeNames());
        assertThat(r.designs()).allSatisfy(d -> assertThat(d.runs()).as(d.design() + " runs").isPositive());

        DesignResult nested = r.design("nested");
        assertThat(nested.property("NoNestedDispatch").violated()).as(nested.property("NoNestedDispatch").toString())
                .isTrue();
        RunResult hang = run(r, "nested", "hang");
        assertThat(hang.hung()).as("the watchdog ends the nested hang scenario").isTrue();
        assertThat(hang.violated()).contains("BoundedReturn", "EventuallyReturns");

        DesignResult threaded = r.design("threaded");
        for (String name : List.of("NoNestedDispatch", "NoLostWakeup", "BoundedReturn", "EventuallyReturns")) {
            assertThat(threaded.property(name).holds()).as("threaded %s: %s", name, threaded.property(name)).isTrue();
        }
        assertThat(run(r, "threaded", "hang").hung()).as("threaded times the hung stop out").isFalse();
        assertThat(run(r, "threaded", "slow-stop").violated())
                .as("threaded: the camera manager blocks in the slow stop, the other camera's frames wait")
                .contains("CameraIsolation");

        DesignResult pollOne = r.design("poll-one");
        for (String name : List.of("NoNestedDispatch", "NoLostWakeup", "BoundedReturn", "EventuallyReturns")) {
            assertThat(pollOne.property(name).holds()).as("poll-one %s: %s", name, pollOne.property(name)).isTrue();
        }
        assertThat(run(r, "poll-one", "hang").hung()).as("poll-one times the hung stop out").isFalse();
        assertThat(run(r, "poll-one", "slow-stop").violated())
                .as("poll-one: the camera manager polls only the slow camera's socket, the other camera's frames wait")
                .contains("CameraIsolation");

        // The request designs: the camera manager never waits for an IPA, so the slow stop stalls no
        // other camera, and nothing nests or hangs.
        for (String design : List.of("async", "reference")) {
            DesignResult d = r.design(design);
            for (String name : List.of("NoNestedDispatch", "NoLostWakeup", "BoundedReturn", "EventuallyReturns")) {
                assertThat(d.property(name).holds()).as("%s %s: %s", design, name, d.property(name)).isTrue();
            }
            assertThat(run(r, design, "hang").hung()).as("%s times the hung stop out", design).isFalse();
            assertThat(run(r, design, "slow-stop").violated()).as("%s: the other camera's frames do not wait", design)
                    .doesNotContain("CameraIsolation");
        }

        assertThat(r.faultsExercised()).as("%s", r.faults()).containsExactlyInAnyOrder("drop", "error", "disconnect",
                "fatal");

        // Real devices may miss a violation TLC can reach in a few runs, but must never show one TLC rules out.
        ExpectedVerdicts tlc = ExpectedVerdicts.load();
        for (DesignResult d : r.designs()) {
            for (PropertyVerdict p : d.properties()) {
                String expected = tlc.entries().stream()
                        .filter(e -> e.design().equals(d.design()) && e.property().equals(p.property())
                                && e.cameras() == 2)
                        .map(e -> e.expected().word()).findFirst().orElse("no row");
                if (p.violated()) {
                    assertThat(expected).as("%s %s violated on vivid by %s", d.design(), p.property(), p.violatedBy())
                            .isEqualTo("violated");
                }
            }
        }
    }

    private static RunResult run(V4l2SuiteResults r, String design, String name) {
        return r.runs().stream().filter(x -> x.design().equals(design) && x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + design + " " + name + " run in " + r.runs()));
    }
}
