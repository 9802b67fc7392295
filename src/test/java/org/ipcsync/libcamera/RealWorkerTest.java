package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every test against Debian's real vimc worker shares: the designs it runs per, the
 * packages it needs, a printed step log, and the leak check after the pipe is closed.
 */
abstract class RealWorkerTest {
    static Stream<String> designs() {
        return DesignCatalog.pipeNames().stream();
    }

    private Map<String, String> before;

    @BeforeAll
    static void packagesInstalled() {
        assertThat(VimcWorker.debian().missing()).as("Debian's libcamera packages").isNull();
    }

    @BeforeEach
    void openBefore() {
        before = PipeFds.open();
    }

    /** Runs {@code lines} against a step log prefixed with the design, prints and returns what it wrote. */
    static String report(Consumer<StepLog> lines, String design) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        lines.accept(new StepLog(new PrintStream(buffer, true, StandardCharsets.UTF_8), design + ": "));
        String text = buffer.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        return text;
    }

    /** No worker, pipe socket or parameter buffer outlives the run. */
    void assertNothingLeft() {
        // Pipes kill their worker on close without waiting, as libcamera does; the reaper follows.
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
        assertThat(PipeFds.open()).as("pipe sockets and parameter buffers left open").isEqualTo(before);
    }
}
