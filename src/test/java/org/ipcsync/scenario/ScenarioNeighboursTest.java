package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;

/**
 * A scenario run deals with its own IPA workers only. ./kit verify runs TLC's child JVMs beside
 * the campaigns: a run that took every new child of the JVM for a worker waited for them to idle
 * (they never do) before each init, and after a hang killed them (measured: a TLC check ended with
 * exit 137 in the middle of a verify).
 */
class ScenarioNeighboursTest {
    @Test
    void aRunNeitherWaitsForNorKillsOtherChildrenOfItsJvm() throws IOException, InterruptedException {
        // Started during the run, as a TLC check would be: not idle in ppoll, never exits by itself.
        Process[] neighbour = new Process[1];
        java.util.List<String> spawners = new java.util.concurrent.CopyOnWriteArrayList<>();
        Recording hang;
        try (AutoCloseable started = org.ipcsync.worker.WorkerProcess.watchSpawns(pid -> {
            spawners.add(Thread.currentThread().getName());
            if (neighbour[0] == null) {
                try {
                    neighbour[0] = new ProcessBuilder("sleep", "600").start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        })) {
            // Camera 1's stop hangs for good: the engine gives up and kills what its run left behind.
            hang = ScenarioRunner.run(Scenario.parse("cameras=2 ipa0=stop=latency:200 ipa1=stop=hang@1 run=100 stop-all"),
                    RunConfig.of(DesignCatalog.pipe("nested"), 2, 0.2));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try {
            assertThat(neighbour[0]).as("the neighbour started while the run's first worker did").isNotNull();
            assertThat(hang.hung()).as("the engine gave up on the run and cleaned up after it").isTrue();
            // The run's workers are spawned by its camera manager, so the run knows them (and waited for them).
            assertThat(spawners).isNotEmpty().allMatch(name -> name.startsWith("camera-manager-"));
            assertThat(hang.notes()).extracting(Recording.Note::text)
                    .noneMatch(t -> t.startsWith("IPA workers not up"));
            assertThat(neighbour[0].isAlive()).as("the neighbour survives the run").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().children()
                    .allMatch(p -> p.pid() == neighbour[0].pid()));
        } finally {
            neighbour[0].destroyForcibly().waitFor();
        }
    }
}
