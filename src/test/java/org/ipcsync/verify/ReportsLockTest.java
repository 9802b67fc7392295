package org.ipcsync.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two verify runs on one reports folder: the second stops at once and names the first. */
class ReportsLockTest {
    private static final Path DIR = Path.of("target", "reports-lock-test");

    @Test
    void aSecondRunInThisJvmIsRefusedUntilTheFirstEnds() throws Exception {
        try (ReportsLock first = ReportsLock.acquire(DIR)) {
            assertThatThrownBy(() -> ReportsLock.acquire(DIR)).isInstanceOf(ReportsLock.BusyException.class)
                    .hasMessageContaining("in use by another ./kit verify (pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("--reports DIR");
        }
        ReportsLock.acquire(DIR).close();
    }

    @Test
    void aRunInAnotherProcessHoldsTheFolderUntilItDies() throws Exception {
        Files.createDirectories(DIR);
        // FileChannel locks are POSIX record locks, held per process: another JVM is the faithful rival.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), DIR.toString())
                .redirectErrorStream(true).start();
        try {
            assertThat(new String(other.getInputStream().readNBytes(6))).isEqualTo("locked");
            assertThatThrownBy(() -> ReportsLock.acquire(DIR)).isInstanceOf(ReportsLock.BusyException.class)
                    .hasMessageContaining("pid " + other.pid());
        } finally {
            other.destroyForcibly();
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        ReportsLock.acquire(DIR).close();
    }

    /** The other process: takes the lock, says so, and holds it until killed. */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            ReportsLock lock = ReportsLock.acquire(Path.of(args[0]));
            System.out.print("locked");
            System.out.flush();
            System.in.read(); // blocks until the test kills this process
            lock.close();
        }
    }
}
