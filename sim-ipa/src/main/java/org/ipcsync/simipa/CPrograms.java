package org.ipcsync.simipa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Builds the kit's small C programs ({@code sim-ipa/c/<name>.c}) with gcc into
 * {@code target/c/<name>} when missing or older than their sources. Serialised within a JVM; across
 * processes sharing a clone (a {@code ./kit} run beside {@code mvn verify}) gcc writes a private
 * file that is renamed into place, so nobody ever runs a half-written binary and gcc never fails
 * on a binary another process is running ("Text file busy").
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
        Path fresh = binary.resolveSibling(name + ".tmp-" + ProcessHandle.current().pid());
        Process gcc = new ProcessBuilder(List.of("gcc", "-O2", "-Wall", "-Wextra", "-pthread", "-o", fresh.toString(),
                source.toString())).redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        if (gcc.waitFor() != 0) {
            Files.deleteIfExists(fresh);
            throw new IOException("gcc failed on " + source + ":\n" + output);
        }
        Files.move(fresh, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return binary;
    }
}
