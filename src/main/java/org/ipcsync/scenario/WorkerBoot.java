package org.ipcsync.scenario;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits, outside the scenario's time scale, until a freshly spawned IPA worker has come up: one of
 * its tasks sits in ppoll(2), i.e. its event loop is waiting on the socket. libcamera sends init
 * at once and lets the first call absorb the worker's start-up (§8); at the kit's scaled timeouts
 * a JVM worker's start-up alone would time that call out for reasons unrelated to any design, so
 * the engine lets the worker boot first. Linux x86-64 ({@code /proc/PID/task/TID/syscall}).
 *
 * <p>Threads: an application thread; never the camera manager (it must keep serving other cameras).
 */
final class WorkerBoot {
    private static final String PPOLL = "271";

    private WorkerBoot() {}

    /** The longest pause between two looks at /proc. */
    private static final long MAX_PAUSE_NANOS = 64_000_000;

    /**
     * Waits up to {@code maxNanos} until every process in {@code workers} idles in ppoll (or is
     * gone). Returns whether they do. Only the run's own workers count: other children of this JVM
     * (TLC checks running beside the campaigns) never idle. The pause between looks doubles from
     * 2 ms up to 64 ms: under an emulated CPU (the vivid lab) each look at /proc costs more than
     * 2 ms and would starve the very JVMs it waits for.
     */
    static boolean awaitIdle(Set<Long> workers, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        long pause = 2_000_000;
        while (System.nanoTime() < deadline) {
            if (workers.stream().allMatch(WorkerBoot::inPoll)) {
                return true;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
        }
        return false;
    }

    private static boolean inPoll(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String syscall = Files.readString(task.resolve("syscall")).trim();
                if (syscall.startsWith(PPOLL + " ")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // gone already: nothing to wait for
        }
    }
}
