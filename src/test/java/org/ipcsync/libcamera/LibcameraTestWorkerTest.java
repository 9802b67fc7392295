package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.Leaks;
import org.ipcsync.worker.WorkerCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part 0 of issue 13: the self-test of every pipe design against libcamera's own IPC test worker,
 * {@code test/ipc/unixsocket_ipc} built from Debian's source package by {@code .ci/libcamera},
 * which passes its path in {@code IPCSYNC_UNIXSOCKET_IPC}.
 */
@Tag("libcamera")
class LibcameraTestWorkerTest {
    static Stream<String> designs() {
        return DesignCatalog.pipeNames().stream();
    }

    static Path worker() {
        String path = System.getenv("IPCSYNC_UNIXSOCKET_IPC");
        assertThat(path).as("IPCSYNC_UNIXSOCKET_IPC names libcamera's unixsocket_ipc "
                + "(built by: .ci/libcamera --build-only)").isNotBlank();
        assertThat(Files.isExecutable(Path.of(path))).as(path + " is executable").isTrue();
        return Path.of(path);
    }

    @ParameterizedTest
    @MethodSource("designs")
    void libcamerasProtocolPassesAgainstLibcamerasOwnWorker(String design) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean passed = new UnixSocketIpcSelftest(DesignCatalog.pipe(design), new WorkerCommand(worker().toString(), ""), null, false,
                new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        assertThat(passed).as(output).isTrue();
        // libcamera's worker leaves with EXIT_FAILURE on exit: its test never looks at the status.
        assertThat(output).doesNotContain("FAIL").contains("PASS  sync get returns 9001", "PASS  exit",
                "PASS  worker exits after exit (status 1)");
        // Pipes kill their worker on close without waiting, as libcamera does; the reaper follows.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
    }
}
