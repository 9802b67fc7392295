package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part 1 of issue 13: every pipe design drives Debian's unmodified {@code vimc_ipa_proxy} and
 * {@code ipa_vimc.so} through the vimc IPA's real protocol, and its messages match the capture.
 */
@Tag("libcamera")
class RealVimcIpaTest {
    static Stream<String> designs() {
        return PipeDesigns.names().stream();
    }

    private Map<String, String> before;

    @BeforeEach
    void openBefore() {
        before = PipeFds.open();
    }

    @BeforeAll
    static void packagesInstalled() {
        assertThat(VimcWorker.debian().missing()).as("Debian's libcamera packages").isNull();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void theRealProtocolPassesAndMatchesTheCapture(String design) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StepLog log = new StepLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), design + ": ");
        VimcSession.Result result = new VimcSession(VimcWorker.debian()).run(design, log);
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(output);
        result.wire().forEach(w -> System.out.println("  " + w));
        assertThat(result.passed()).as(output).isTrue();
        assertThat(result.golden().compared()).isEqualTo(GoldenCapture.load().size());
        assertThat(result.golden().differences()).isEmpty();
        assertThat(result.golden().explained()).hasSize(VimcSession.FRAMES);
        // Pipes kill their worker on close without waiting, as libcamera does; the reaper follows.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
        assertThat(PipeFds.open()).as("pipe sockets and parameter buffers left open").isEqualTo(before);
    }
}
