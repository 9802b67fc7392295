package org.ipcsync.verify;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of a reports folder by one verify run: an OS lock on {@code <reports>/.lock},
 * released when the run ends or its process dies, so a crashed run never leaves the folder
 * locked. Two runs on one folder would delete and rewrite each other's files; the second one
 * instead stops before touching anything, naming the holder. Threads: acquire and close on one thread.
 */
public final class ReportsLock implements AutoCloseable {
    /** A second run found the folder in use. */
    public static final class BusyException extends IOException {
        BusyException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private ReportsLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder or throws {@link BusyException} at once; never waits. */
    public static ReportsLock acquire(Path reports) throws IOException {
        Files.createDirectories(reports);
        Path file = reports.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this JVM
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new BusyException(reports + " is in use by another ./kit verify (" + (holder.isEmpty() ? "unknown"
                    : holder) + "); wait for it or give this run its own folder with --reports DIR");
        }
        channel.truncate(0);
        channel.write(StandardCharsets.UTF_8.encode("pid " + ProcessHandle.current().pid()));
        return new ReportsLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
