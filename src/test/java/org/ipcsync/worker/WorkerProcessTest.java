package org.ipcsync.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.os.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libcamera's spawn contract checked on the process itself, with a small C worker
 * ({@code src/test/c/fd_report_worker.c}) that writes down its argv, its open fds and one
 * environment variable, then waits for a byte on its socket before doing what argv[1] says.
 */
class WorkerProcessTest {
    private static Path worker;

    @TempDir
    Path dir;
    private Path report;
    /** Our end and the worker's end of a blocking socketpair. */
    private int ours = -1;
    private int theirs = -1;
    private final List<WorkerProcess> started = new ArrayList<>();

    @BeforeAll
    static void buildWorker() throws Exception {
        Path source = Path.of("src/test/c/fd_report_worker.c").toAbsolutePath();
        worker = Path.of("target/test-c/fd_report_worker").toAbsolutePath();
        Files.createDirectories(worker.getParent());
        Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Wextra", "-o", worker.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor()).as("gcc: %s", output).isZero();
    }

    @BeforeEach
    void socketpair() {
        report = dir.resolve("report");
        Memory pair = new Memory(8);
        Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, pair);
        ours = pair.getInt(0);
        theirs = pair.getInt(4);
    }

    @AfterEach
    void cleanUp() {
        started.forEach(WorkerProcess::close);
        Libc.close(ours);
        if (theirs >= 0) {
            Libc.close(theirs);
        }
    }

    private WorkerProcess start(String action) throws IOException {
        WorkerProcess p = WorkerProcess.start(new WorkerCommand(worker.toString(), action,
                Map.of("WORKER_REPORT", report.toString(), "WORKER_TOKEN", "token-" + action)), theirs);
        started.add(p);
        Libc.close(theirs);
        theirs = -1;
        return p;
    }

    /**
     * Records every emission of finished. Connected after start(): safe here only because the
     * worker waits for go() before it exits (finished has no replay for a late connection).
     */
    private static List<Integer> finishedOf(WorkerProcess p) {
        List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
        p.finished.connect(exits::add);
        return exits;
    }

    private void go() {
        Memory b = new Memory(1);
        b.setByte(0, (byte) 'g');
        Libc.write(ours, b, 1L);
    }

    private List<String> reportLines() throws IOException {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(report)
                && Files.readString(report).contains("env WORKER_TOKEN="));
        return Files.readAllLines(report);
    }

    private static boolean procEntryExists(int pid) {
        return Files.exists(Path.of("/proc/" + pid));
    }

    @Test
    void argvIsExecutableModuleAndFdNumberTheSocketIsTheOnlyOtherFdAndTheEnvironmentArrives() throws Exception {
        // Fds without close-on-exec that a careless spawn would leak into the child.
        int leaky = Libc.open("/dev/zero", Libc.O_RDONLY);
        int leakyDup = Libc.dup(ours);
        String socketInode = Files.readSymbolicLink(Path.of("/proc/self/fd/" + theirs)).toString();
        try {
            WorkerProcess p = start("exit:0");
            List<String> lines = reportLines();
            assertThat(lines).filteredOn(l -> l.startsWith("argv "))
                    .containsExactly("argv " + worker, "argv exit:0", "argv " + WorkerProcess.CHILD_FD);
            Map<Integer, String> fds = new TreeMap<>();
            lines.stream().filter(l -> l.startsWith("fd ")).forEach(l -> {
                String[] f = l.split(" ", 3);
                fds.put(Integer.parseInt(f[1]), f[2]);
            });
            assertThat(fds).as("the child's open fds").containsOnlyKeys(0, 1, 2, WorkerProcess.CHILD_FD);
            assertThat(fds.get(0)).isEqualTo("/dev/null");
            assertThat(fds.get(1)).isEqualTo("/dev/null");
            assertThat(fds.get(WorkerProcess.CHILD_FD)).as("the socket's peer end").isEqualTo(socketInode);
            assertThat(lines).contains("env WORKER_TOKEN=token-exit:0");
            go();
            assertThat(p.waitFor(Duration.ofSeconds(10))).isTrue();
            assertThat(p.exitStatus()).isZero();
        } finally {
            Libc.close(leaky);
            Libc.close(leakyDup);
        }
    }

    @Test
    void finishedFiresOnceWithTheExitCode() throws Exception {
        WorkerProcess p = start("exit:7");
        List<Integer> exits = finishedOf(p);
        reportLines();
        assertThat(p.isAlive()).isTrue();
        go();
        await().atMost(Duration.ofSeconds(10)).until(() -> !exits.isEmpty());
        assertThat(p.waitFor(Duration.ofSeconds(5))).isTrue();
        assertThat(exits).containsExactly(7);
        assertThat(p.exitStatus()).isEqualTo(7);
        assertThat(p.isAlive()).isFalse();
        assertThat(procEntryExists(p.pid())).as("reaped: no zombie left in /proc").isFalse();
    }

    @Test
    void aWorkerKilledByASignalFinishesWith128PlusTheSignal() throws Exception {
        WorkerProcess p = start("signal:15");
        List<Integer> exits = finishedOf(p);
        reportLines();
        go();
        await().atMost(Duration.ofSeconds(10)).until(() -> !exits.isEmpty());
        assertThat(exits).containsExactly(128 + 15);
    }

    @Test
    void killThenWaitForReapsTheWorker() throws Exception {
        WorkerProcess p = start("wait");
        List<Integer> exits = finishedOf(p);
        reportLines();
        assertThat(p.waitFor(Duration.ofMillis(50))).as("still running").isFalse();
        p.kill();
        assertThat(p.waitFor(Duration.ofSeconds(10))).isTrue();
        assertThat(exits).containsExactly(128 + Libc.SIGKILL);
        assertThat(procEntryExists(p.pid())).isFalse();
        assertThat(ProcessHandle.of(p.pid())).isEmpty();
        p.kill();
        assertThat(exits).as("kill after the reap is a no-op").containsExactly(128 + Libc.SIGKILL);
    }

    @Test
    void closeKillsAndReapsARunningWorkerAndAnExitingOneIsReapedWithItsStatus() throws Exception {
        WorkerProcess running = start("wait");
        reportLines();
        running.close();
        assertThat(running.isAlive()).isFalse();
        assertThat(running.exitStatus()).isEqualTo(128 + Libc.SIGKILL);
        assertThat(procEntryExists(running.pid())).isFalse();
        running.close();

        Files.delete(report);
        socketpair();
        WorkerProcess exiting = start("exit:3");
        reportLines();
        go();
        assertThat(exiting.waitFor(Duration.ofSeconds(10))).isTrue();
        exiting.close();
        assertThat(exiting.exitStatus()).as("exited by itself").isEqualTo(3);
        assertThat(procEntryExists(exiting.pid())).isFalse();
        assertThat(ProcessHandle.current().children()).noneMatch(c -> c.pid() == exiting.pid());
    }

    @Test
    void aMissingExecutableIsAnErrorAndLeavesNoChild() {
        long children = ProcessHandle.current().children().count();
        WorkerCommand missing = new WorkerCommand(dir.resolve("no-such-worker").toString(), "x");
        // glibc's posix_spawn reports a failed exec as its error (no child is left to reap).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkerProcess.start(missing, theirs))
                .isInstanceOf(IOException.class).hasMessageContaining("cannot start worker")
                .hasMessageContaining("ENOENT");
        assertThat(ProcessHandle.current().children().count()).isEqualTo(children);
    }
}
