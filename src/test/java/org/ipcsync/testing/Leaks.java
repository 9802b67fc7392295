package org.ipcsync.testing;

import java.io.File;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** Counts the resources a test must give back: open fds, live threads, child processes. */
public final class Leaks {
    private Leaks() {}

    public static Set<String> openFds() {
        String[] names = new File("/proc/self/fd").list();
        return new TreeSet<>(Arrays.asList(names == null ? new String[0] : names));
    }

    public static int openFdCount() {
        // The listing itself opens one fd; it is gone again once list() returns.
        return openFds().size();
    }

    public static int liveThreads() {
        return java.lang.Thread.activeCount();
    }

    public static long childProcesses() {
        return ProcessHandle.current().children().count();
    }
}
