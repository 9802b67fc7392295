package org.ipcsync.os;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;

/** Small one-fd helpers over {@link Libc}. Safe from any thread. */
public final class Fds {
    private Fds() {}

    /** poll(2) on one fd: the revents it reports within {@code timeoutMs} (0 = just look). */
    public static short revents(int fd, short events, int timeoutMs) {
        try (Memory pfd = new Memory(8)) {
            pfd.setInt(0, fd);
            pfd.setShort(4, events);
            pfd.setShort(6, (short) 0);
            Libc.poll(pfd, new NativeLong(1), timeoutMs);
            return pfd.getShort(6);
        }
    }
}
