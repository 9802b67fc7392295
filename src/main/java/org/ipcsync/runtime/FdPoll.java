package org.ipcsync.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;

/**
 * A poll() on a single fd outside the event dispatcher, for code that waits on one fd of its own
 * instead of running its thread's loop (the poll-one design's sendSync). It makes the one syscall
 * such code makes and reports the sleep to {@link Instrumentation} as {@link RuntimeEvent.Kind#FD_POLL_BLOCK}
 * and {@link RuntimeEvent.Kind#FD_POLL_UNBLOCK}, so recordings can tell it from the loop's ppoll,
 * which serves every notifier of the thread.
 *
 * <p>Threads: an instance holds a native pollfd buffer and belongs to one thread at a time.
 */
public final class FdPoll {
    private final Memory pollFd = new Memory(8);

    /**
     * Blocks until {@code fd} has one of {@code events} (or an error or hang-up, which poll always
     * reports) or {@code timeoutMs} passed; EINTR restarts with the same timeout, as a plain
     * libcamera loop would. Returns the revents, 0 on timeout.
     */
    public int poll(int fd, short events, int timeoutMs) {
        int depth = LoopThread.current().processEventsDepth();
        boolean observed = Instrumentation.enabled();
        if (observed) {
            Instrumentation.emit(RuntimeEvent.Kind.FD_POLL_BLOCK, depth, fd, (long) timeoutMs);
        }
        int revents = 0;
        while (true) {
            pollFd.setInt(0, fd);
            pollFd.setShort(4, events);
            pollFd.setShort(6, (short) 0);
            try {
                if (Libc.poll(pollFd, 1L, timeoutMs) > 0) {
                    revents = pollFd.getShort(6) & 0xffff;
                }
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IllegalStateException("poll failed: " + Errno.describe(e), e);
                }
            }
        }
        if (observed) {
            Instrumentation.emit(RuntimeEvent.Kind.FD_POLL_UNBLOCK, depth, fd,
                    new RuntimeEvent.WakeCause(false, revents != 0 ? 1 : 0, revents == 0));
        }
        return revents;
    }
}
