package org.ipcsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table is measured in parts into one folder: a run replaces the rows of the models it
 * measured and keeps every other row. One real TLC pass at N = 2 (a few seconds); the numbers
 * themselves belong to {@code ./kit bench scaling}.
 */
class ScalingBenchTest {
    @Test
    void aRunReplacesItsModelsRowsAndKeepsTheOthers(@TempDir Path dir) throws Exception {
        ScalingBench.Table before = new ScalingBench.Table(List.of(
                new ScalingBench.ModelRow("nested", "NoSpuriousTimeout", 4, "1 JVM", "holds", 1039032L, 67.5,
                        false, 2.3, 3.9),
                new ScalingBench.ModelRow("threaded", "NoLostWakeup", 2, "1 JVM", "holds", 1L, 99.0, false, 0, 0)),
                List.of(new ScalingBench.ScenarioRow("nested", 8, "cameras=8 stop-all", List.of(10.26, 12.3), List.of(8.5, 20.0),
                        List.of("returned", "hung"))));
        new ObjectMapper().writeValue(dir.resolve("scaling.json").toFile(), before);

        ScalingBench.Table after = ScalingBench.run(new ScalingBench.Options(Duration.ofSeconds(120), 2, List.of(2), 0,
                0, 0.2, dir, List.of(DesignCatalog.get("threaded").model())));

        assertThat(after.model()).first().isEqualTo(before.model().get(0));
        List<ScalingBench.ModelRow> threaded = after.model().subList(1, after.model().size());
        assertThat(threaded).extracting(ScalingBench.ModelRow::property)
                .containsExactly("NoLostWakeup", "EventuallyReturns");
        assertThat(threaded).allSatisfy(r -> {
            assertThat(r.design()).isEqualTo("threaded");
            assertThat(r.cameras()).isEqualTo(2);
            assertThat(r.verdict()).isEqualTo("holds");
            assertThat(r.distinctStates()).isGreaterThan(1L);
        });
        assertThat(after.scenarios()).isEqualTo(before.scenarios());
        assertThat(new ObjectMapper().readValue(dir.resolve("scaling.json").toFile(), ScalingBench.Table.class))
                .isEqualTo(after);
        assertThat(Files.readString(dir.resolve("scaling.md")))
                .contains("| nested | NoSpuriousTimeout | 4 | 1 JVM | holds | 1039032 | 67.5 | 2.3 -> 3.9 |",
                        "| threaded | NoLostWakeup | 2 | 1 JVM | holds |",
                        "| nested | 8 | 10.26 | 1 of 2 | 10.26, 12.3 hung | [8.5, 20.0] |")
                .doesNotContain("| 99.0 |");
    }

    @Test
    void aScenarioWhoseWorkersNeverStartIsAnErrorNotAFastRun(@TempDir Path dir) {
        String key = "ipcsync.simipa.launcher";
        String was = System.getProperty(key);
        System.setProperty(key, dir.resolve("no-such-launcher").toString());
        try {
            assertThatThrownBy(() -> ScalingBench.run(new ScalingBench.Options(Duration.ofSeconds(60), 2, List.of(1),
                    1, 0, 0.2, dir, List.of())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cameras=1 stop-all' did not run as a scenario")
                    .hasMessageContaining("camera 0: init returned -111");
        } finally {
            if (was == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, was);
            }
        }
        assertThat(dir.resolve("scaling.json")).doesNotExist();
    }
}
