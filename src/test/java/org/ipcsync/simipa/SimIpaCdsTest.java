package org.ipcsync.simipa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.testing.Leaks;
import org.ipcsync.wire.IPCMessage;
import org.junit.jupiter.api.Test;

/**
 * The build leaves sim-ipa a class-data-sharing archive and a worker started the libcamera way
 * actually maps it: an archive the JVM silently refuses (a class path that no longer matches, a
 * changed JNA jar) would only show as slower campaigns.
 */
class SimIpaCdsTest {
    @Test
    void aWorkerStartedByAPipeBootsFromTheArchive() throws Exception {
        Path archive = SimIpa.repository().resolve("target/sim-ipa/sim-ipa.jsa");
        assertThat(archive).as("built by sim-ipa/bin/prepare-cds in process-classes").exists();
        // The timeout only has to outlast the worker's start-up on a loaded machine.
        PipeOptions options = PipeOptions.defaults().withTimeout(Duration.ofSeconds(20));
        try (IPCPipe pipe = DesignCatalog.pipe("threaded").create(SimIpa.command(IpaProfile.fast(), SimIpa.Worker.JAVA), options)) {
            // An answered init means the launcher script has exec'd the worker JVM.
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.INIT.code, 0, IpaCodec.u32s(0)), new IPCMessage()))
                    .isZero();
            List<ProcessHandle> workers = ProcessHandle.current().children().toList();
            assertThat(workers).isNotEmpty();
            for (ProcessHandle w : workers) {
                assertThat(Files.readString(Path.of("/proc", Long.toString(w.pid()), "maps")))
                        .as("worker %d maps %s", w.pid(), archive).contains(archive.toString());
            }
        }
        // Pipes kill their worker without waiting, as libcamera does; the reaper follows within moments.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
    }
}
