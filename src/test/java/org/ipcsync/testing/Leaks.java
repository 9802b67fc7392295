package org.ipcsync.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts the resources a test must give back: open fds, live threads, child processes. */
public final class Leaks {
    private Leaks() {}

    public static Set<String> openFds() {
        String[] names = new File("/proc/self/fd").list();
        return new TreeSet<>(Arrays.asList(names == null ? new String[0] : names));
    }

    /** Open fds with what they point to ("socket:[inode]", a path, ...); fds closed meanwhile are left out. */
    public static Map<String, String> openFdTargets() {
        Map<String, String> targets = new TreeMap<>();
        for (String fd : openFds()) {
            try {
                targets.put(fd, Files.readSymbolicLink(Path.of("/proc/self/fd", fd)).toString());
            } catch (IOException e) {
                // The listing's own fd, closed again.
            }
        }
        return targets;
    }

    /** The open fds that are sockets or point to {@code extra} (a path or path prefix). */
    public static Map<String, String> openSocketsAnd(String extra) {
        Map<String, String> targets = openFdTargets();
        targets.values().removeIf(t -> !t.startsWith("socket:") && !t.startsWith(extra));
        return targets;
    }

    /**
     * Open fds except those the JVM opens on its own: the class path's jars (the class loader opens
     * a jar the first time it looks past the jars before it, so which ones are open depends on the
     * order the tests ran in) and the pseudo-files under /sys and /proc that VM threads read for a
     * moment (CI caught one reading its cgroup's memory.limit_in_bytes during a snapshot).
     */
    public static Map<String, String> openFdsButTheJvms() {
        Map<String, String> targets = openFdTargets();
        targets.values().removeIf(t -> t.endsWith(".jar") || t.startsWith("/sys/") || t.startsWith("/proc/"));
        return targets;
    }

    /**
     * Waits until no fd is open that was not open in {@code before} (number and target compared, so a
     * reused number shows up). Fds closed meanwhile are fine: a cleaner may close what an earlier test
     * dropped. Polled, because another JVM thread may hold a file open for a moment.
     */
    public static void awaitNoFdOpenedSince(Map<String, String> before) {
        org.awaitility.Awaitility.await().pollInSameThread().atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> org.assertj.core.api.Assertions.assertThat(before)
                        .as("open fds (each with its target)").containsAllEntriesOf(openFdsButTheJvms()));
    }

    public static int openFdCount() {
        // The listing itself opens one fd; it is gone again once list() returns.
        return openFds().size();
    }

    public static int liveThreads() {
        return java.lang.Thread.activeCount();
    }

    /** Names of the live threads, for a failure message that says which thread was left. */
    public static String liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .sorted().toList().toString();
    }

    public static long childProcesses() {
        return ProcessHandle.current().children().count();
    }
}
