package org.ipcsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's one-minute load average, printed beside every timing: the build machine is shared,
 * and a number measured at load 12 is not the number measured at load 1.
 */
final class LoadAverage {
    private static final Path PROC = Path.of("/proc/loadavg");

    private LoadAverage() {}

    /** The one-minute load average, or -1 where /proc/loadavg is missing (not Linux). */
    static double oneMinute() {
        try {
            return Double.parseDouble(Files.readString(PROC).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
