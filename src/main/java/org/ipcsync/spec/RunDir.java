package org.ipcsync.spec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run directory owned by one TLC run until {@link #close()}. The usual place is
 * {@code <parent>/<name>}, guarded by an OS lock on {@code <parent>/<name>.lock} so that a second
 * process (another {@code ./kit spec} on the same clone) or a second thread never runs in it at the
 * same time; whoever finds it taken gets a private {@code <name>.<pid>-<n>} directory instead.
 */
final class RunDir implements AutoCloseable {
    private static final AtomicInteger PRIVATE_RUNS = new AtomicInteger();

    private final Path path;
    private final FileChannel lockFile;
    private final FileLock lock;

    private RunDir(Path path, FileChannel lockFile, FileLock lock) {
        this.path = path;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static RunDir claim(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        FileChannel channel = FileChannel.open(parent.resolve(name + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException held) {
            lock = null; // this JVM already runs the same check in another thread
        }
        if (lock != null) {
            return new RunDir(parent.resolve(name), channel, lock);
        }
        channel.close();
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return new RunDir(parent.resolve(name + "." + pid + "-" + PRIVATE_RUNS.incrementAndGet()), null, null);
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            lockFile.close();
        }
    }
}
