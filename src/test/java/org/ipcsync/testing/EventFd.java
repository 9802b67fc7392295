package org.ipcsync.testing;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import org.ipcsync.os.Libc;

/** A non-blocking eventfd: a kernel fd a test can make readable at will. */
public final class EventFd implements AutoCloseable {
    public final int fd;
    private final Memory buf = new Memory(8);

    public EventFd() {
        fd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
    }

    public void signal() {
        buf.setLong(0, 1);
        Libc.write(fd, buf, new NativeLong(8));
    }

    public long drain() {
        Libc.read(fd, buf, new NativeLong(8));
        return buf.getLong(0);
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
