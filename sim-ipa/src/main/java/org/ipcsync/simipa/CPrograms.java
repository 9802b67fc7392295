package org.ipcsync.simipa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the kit's small C programs ({@code sim-ipa/c/<name>.c}) with gcc into
 * {@code target/c/<name>} when missing or older than their sources. Serialised, so concurrent
 * callers do not race on the output file.
 */
public final class CPrograms {
    private CPrograms() {}

    public static synchronized Path build(String name) throws IOException, InterruptedException {
        Path sources = SimIpa.repository().resolve("sim-ipa/c");
        Path source = sources.resolve(name + ".c");
        Path header = sources.resolve("ipc_frame.h");
        Path binary = SimIpa.repository().resolve("target/c").resolve(name);
        if (Files.isExecutable(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(header)) > 0) {
            return binary;
        }
        Files.createDirectories(binary.getParent());
        Process gcc = new ProcessBuilder(List.of("gcc", "-O2", "-Wall", "-Wextra", "-pthread", "-o", binary.toString(),
                source.toString())).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) {
            throw new IOException("gcc failed on " + source + ":\n" + output);
        }
        return binary;
    }
}
