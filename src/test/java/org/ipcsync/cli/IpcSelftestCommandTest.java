package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.testing.KitRun;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The self-test, with the kit's fd-echo call, passes for both designs against sim-ipa and against the C worker. */
class IpcSelftestCommandTest {
    static Stream<Arguments> designsAndWorkers() throws Exception {
        String c = CPrograms.build("unixsocket_worker").toString();
        String java = SimIpa.launcher().toString();
        return Stream.of("nested", "threaded").flatMap(d -> Stream.of(Arguments.of(d, c), Arguments.of(d, java)));
    }

    @ParameterizedTest
    @MethodSource("designsAndWorkers")
    void everyStepPasses(String design, String worker) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // Ten seconds: a JVM worker starting on a loaded machine must not fail the threaded design's first get.
        KitRun run = KitRun.on(new IpcSelftestCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8)),
                "--design", design, "--worker", worker, "--timeout", "10000", "--fd-echo");
        int status = run.status();
        String output = buffer.toString(StandardCharsets.UTF_8) + run.err();
        System.out.print(output);
        assertThat(status).as(output).isZero();
        assertThat(output).doesNotContain("FAIL").contains("PASS  sync call with two fds is answered with their bytes")
                .contains("PASS  worker exits after exit (status 0)");
        // Pipes kill their worker without waiting, as libcamera does; the reaper follows within moments.
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
    }

    @Test
    void withoutFdEchoTheRunIsLibcamerasProtocolOnly() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        KitRun run = KitRun.on(new IpcSelftestCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8)),
                "--design", "threaded", "--worker", CPrograms.build("unixsocket_worker").toString(), "--timeout", "10000");
        String output = buffer.toString(StandardCharsets.UTF_8) + run.err();
        assertThat(run.status()).as(output).isZero();
        assertThat(output).doesNotContain("two fds").contains("PASS  sync get returns 9001", "PASS  exit");
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> Leaks.childProcesses() == 0);
    }

    @Test
    void aWorkerThatDoesNotAnswerFailsTheRun() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        KitRun run = KitRun.on(new IpcSelftestCommand(new PrintStream(buffer, true, StandardCharsets.UTF_8)),
                "--design", "threaded", "--worker", "/bin/true", "--timeout", "300");
        assertThat(run.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .contains("FAIL  sync get returns 1337: sendSync returned E");
    }

    @Test
    void badFlagsAreUsageErrors() {
        KitRun unknown = KitRun.of("ipc-selftest", "--design", "polled", "--worker", "x");
        assertThat(unknown.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.reason()).contains("unknown design", "(designs: " + String.join(", ", org.ipcsync.catalog.DesignCatalog.pipeNames()) + ")");
        KitRun missing = KitRun.of("ipc-selftest", "--worker", "x");
        assertThat(missing.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.reason()).contains("Missing required option: '--design=D'");
    }

    @Test
    void theWorkerFlagTakesAnOptionalModule() {
        IpcSelftestCommand command = new IpcSelftestCommand();
        Kit.commandLine(command, System.out, System.err).parseArgs("--worker", "/bin/w", "mod", "--design", "nested");
        assertThat(command.worker()).containsExactly("/bin/w", "mod");
    }
}
