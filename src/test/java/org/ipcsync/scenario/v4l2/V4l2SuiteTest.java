package org.ipcsync.scenario.v4l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.Action;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioGen;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DesignResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DeviceResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.FaultResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.PropertyVerdict;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.RunResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.SyncCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's plan and its results file, without devices (the runs themselves need the vivid lab). */
class V4l2SuiteTest {
    @Test
    void theFixedScenariosUseEveryNodeAndInjectEachFaultKindOnce() {
        for (int cameras = 2; cameras <= 4; cameras++) {
            final int n = cameras;
            Map<String, Scenario> fixed = V4l2Suite.fixedScenarios(n);
            assertThat(fixed).containsKeys("stop-all", "hang", "slow-stop", "fault-drop", "fault-error",
                    "fault-disconnect", "fault-fatal");
            assertThat(fixed.values()).allSatisfy(s -> assertThat(s.cameras()).isEqualTo(n));
            assertThat(fixed.get("stop-all").actions()).contains(new Action.StopAll());
            assertThat(fixed.get("hang").profile(n - 1).format()).isEqualTo("stop=hang@1");
            List<String> faults = new ArrayList<>();
            fixed.values().forEach(s -> faults.addAll(s.deviceFaults(0)));
            assertThat(faults).containsExactly("drop:50", "error", "disconnect", "fatal");
        }
    }

    @Test
    void generatedScenariosFitTheNodesAndTheFullGeneratorIsUnchanged() {
        qt().withFixedSeed(5).withExamples(300).forAll(ScenarioGen.scenarios(2))
                .check(s -> s.cameras() <= 2 && s.actions().stream().allMatch(a -> a.camera() < 2));
        List<String> all = new ArrayList<>();
        List<String> six = new ArrayList<>();
        qt().withFixedSeed(9).withExamples(50).forAll(ScenarioGen.scenarios()).check(s -> all.add(s.format()));
        qt().withFixedSeed(9).withExamples(50).forAll(ScenarioGen.scenarios(ScenarioGen.MAX_CAMERAS))
                .check(s -> six.add(s.format()));
        assertThat(six).isEqualTo(all);
        assertThatThrownBy(() -> ScenarioGen.scenarios(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDeviceFactoryMapsCameraKToNodeKAndNothingBeyond() {
        V4l2Devices devices = new V4l2Devices(List.of("/dev/video0", "/dev/video2"));
        assertThat(devices.create(1, 0).name()).isEqualTo("/dev/video2");
        assertThatThrownBy(() -> devices.create(2, 0)).hasMessageContaining("only 2 nodes");
        assertThatThrownBy(() -> new V4l2Devices(List.of("/dev/video0", "/dev/video0")))
                .hasMessageContaining("given twice");
        assertThat(devices.config(DesignCatalog.pipe("threaded"), 1, 1.0).devices()).isSameAs(devices);
    }

    @Test
    void resultsRoundTripThroughTheirFileAndSummarise(@TempDir Path dir) throws Exception {
        SyncCalls calls = new SyncCalls(10, 1, 0, 1);
        V4l2SuiteResults r = new V4l2SuiteResults(V4l2SuiteResults.SCHEMA, "vivid-lab",
                List.of("/dev/video0", "/dev/video1"), 1.0, 7, 4, 1234, 100,
                List.of(new DeviceResult("/dev/video0", "320x180 GREY", "1/5", 40, 38, 0, 0, 1, 3,
                        Map.of("EIO", 1L), Map.of("drop", 1L), Map.of())),
                List.of(new DesignResult("nested", 1, calls, List.of(new PropertyVerdict("NoNestedDispatch",
                        "violated", 1, 1, List.of("cameras=2 stop-all"))), null)),
                List.of(new FaultResult("nested", "drop", "/dev/video0", "cameras=2 fault=0:drop:50", 1, true, "3 skipped"),
                        new FaultResult("nested", "fatal", "/dev/video0", "cameras=2 fault=0:fatal", 1, false, "")),
                List.of(new RunResult("nested", "stop-all", "cameras=2 stop-all", 900, false, calls, List.of(5L, 4L), 0,
                        List.of("NoNestedDispatch"), List.of())),
                null).withLab(new V4l2SuiteResults.Lab(0, 200_000, Map.of("boot_to_command_s", "5.0")));
        r.write(dir);
        V4l2SuiteResults back = V4l2SuiteResults.read(dir.resolve(V4l2SuiteResults.FILE));
        assertThat(back).isEqualTo(r);
        assertThat(back.faultsExercised()).containsExactly("drop");
        assertThat(back.design("nested").property("NoNestedDispatch").violated()).isTrue();
        assertThat(back.summary()).containsKeys("devices", "designs", "faultsExercised", "labWallMs")
                .containsEntry("where", "vivid-lab");
    }
}
