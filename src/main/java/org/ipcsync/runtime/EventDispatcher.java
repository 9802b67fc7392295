package org.ipcsync.runtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;

/**
 * A thread's event loop step, over {@code ppoll(2)} on raw file descriptors like libcamera's
 * {@code EventDispatcherPoll}: any fd can be watched (sockets, eventfds, V4L2 devices), and an
 * eventfd serves as the interrupt.
 *
 * <p>Threads: owned by one {@link LoopThread}. {@link #interrupt()} is safe from any thread;
 * everything else runs in the owner thread, including re-entrant {@link #processEvents()} calls
 * from slots.
 */
public final class EventDispatcher {
    private static final int POLLFD_SIZE = 8;

    private final LoopThread owner;
    private final int eventFd;
    /** Guards closed and the interrupt write buffer. */
    private final Object interruptLock = new Object();
    private final Memory interruptValue = new Memory(8);
    private boolean closed;

    /** fd -> notifiers by type; ordered by fd as in libcamera's std::map. Owner thread only. */
    private final TreeMap<Integer, EventNotifier[]> notifiers = new TreeMap<>();
    /** Running timers sorted by deadline, equal deadlines in registration order. Owner thread only. */
    private final ArrayList<Timer> timers = new ArrayList<>();
    private boolean processingEvents;
    private int depth;
    /** One poll array and timespec per nesting level, reused across passes. */
    private final List<Memory> pollBuffers = new ArrayList<>();
    private final List<Memory> timespecs = new ArrayList<>();
    private final Memory drainBuffer = new Memory(8);

    EventDispatcher(LoopThread owner) {
        this.owner = owner;
        this.eventFd = Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        interruptValue.setLong(0, 1);
    }

    /** Current processEvents() nesting depth: 0 outside it, 1 in the outermost call. */
    public int depth() {
        return depth;
    }

    /**
     * One pass: dispatch posted messages, wait for an fd, the interrupt or the earliest timer
     * deadline, drain the interrupt, activate ready notifiers, expire due timers.
     */
    public void processEvents() {
        owner.requireCurrent("processEvents");
        depth++;
        try {
            Instrumentation.emit(RuntimeEvent.Kind.PROCESS_EVENTS_ENTER, depth, null, null);
            owner.dispatchMessages(null);

            int n = notifiers.size();
            Memory fds = pollBuffer(n + 1);
            int i = 0;
            for (Map.Entry<Integer, EventNotifier[]> e : notifiers.entrySet()) {
                fds.setInt((long) i * POLLFD_SIZE, e.getKey());
                fds.setShort((long) i * POLLFD_SIZE + 4, events(e.getValue()));
                fds.setShort((long) i * POLLFD_SIZE + 6, (short) 0);
                i++;
            }
            fds.setInt((long) n * POLLFD_SIZE, eventFd);
            fds.setShort((long) n * POLLFD_SIZE + 4, Libc.POLLIN);
            fds.setShort((long) n * POLLFD_SIZE + 6, (short) 0);

            int ready = poll(fds, n + 1);
            if (ready > 0) {
                processInterrupt(fds, n);
                processNotifiers(fds, n);
            }
            processTimers();
        } finally {
            Instrumentation.emit(RuntimeEvent.Kind.PROCESS_EVENTS_EXIT, depth, null, null);
            depth--;
        }
    }

    private int poll(Memory fds, int count) {
        Memory timeout = null;
        long timeoutNanos = -1;
        if (!timers.isEmpty()) {
            timeoutNanos = Math.max(0, timers.get(0).deadline() - System.nanoTime());
            timeout = timespec();
            timeout.setLong(0, timeoutNanos / 1_000_000_000L);
            timeout.setLong(8, timeoutNanos % 1_000_000_000L);
        }
        boolean observed = Instrumentation.enabled();
        if (observed) {
            Instrumentation.emit(RuntimeEvent.Kind.POLL_BLOCK, depth, null,
                    timeoutNanos < 0 ? -1L : timeoutNanos / 1_000_000L);
        }
        int ret;
        while (true) {
            try {
                ret = Libc.ppoll(fds, (long) count, timeout, null);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw new IllegalStateException("ppoll failed: " + Errno.describe(e), e);
                }
            }
        }
        if (observed) {
            Instrumentation.emit(RuntimeEvent.Kind.POLL_UNBLOCK, depth, null, wakeCause(fds, count, ret));
        }
        return ret;
    }

    private static RuntimeEvent.WakeCause wakeCause(Memory fds, int count, int ret) {
        if (ret <= 0) {
            return new RuntimeEvent.WakeCause(false, 0, ret == 0);
        }
        int readyFds = 0;
        for (int i = 0; i < count - 1; i++) {
            if (fds.getShort((long) i * POLLFD_SIZE + 6) != 0) {
                readyFds++;
            }
        }
        boolean interrupt = (fds.getShort((long) (count - 1) * POLLFD_SIZE + 6) & Libc.POLLIN) != 0;
        return new RuntimeEvent.WakeCause(interrupt, readyFds, false);
    }

    private void processInterrupt(Memory fds, int index) {
        if ((fds.getShort((long) index * POLLFD_SIZE + 6) & Libc.POLLIN) == 0) {
            return;
        }
        try {
            Libc.read(eventFd, drainBuffer, 8L);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EAGAIN) {
                throw new IllegalStateException("reading the interrupt eventfd failed: " + Errno.describe(e), e);
            }
        }
    }

    private void processNotifiers(Memory fds, int count) {
        processingEvents = true;
        for (int i = 0; i < count; i++) {
            int fd = fds.getInt((long) i * POLLFD_SIZE);
            short revents = fds.getShort((long) i * POLLFD_SIZE + 6);
            EventNotifier[] set = notifiers.get(fd);
            if (set == null) {
                // A nested pass unregistered and erased it after our poll saw it.
                continue;
            }
            for (EventNotifier.Type type : EventNotifier.Type.values()) {
                EventNotifier notifier = set[type.ordinal()];
                if (notifier == null) {
                    continue;
                }
                if ((revents & Libc.POLLNVAL) != 0) {
                    System.err.println("ipcsync: fd " + fd + " is invalid, disabling its " + type + " notifier");
                    unregisterNotifier(notifier);
                    continue;
                }
                if ((revents & type.pollEvents) != 0) {
                    Instrumentation.emit(RuntimeEvent.Kind.NOTIFIER_ACTIVATED, depth, notifier, revents);
                    notifier.activated.emit();
                }
            }
            if (set[0] == null && set[1] == null && set[2] == null) {
                notifiers.remove(fd, set);
            }
        }
        // As in libcamera, a nested pass clears this flag for the outer one too.
        processingEvents = false;
    }

    private void processTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty()) {
            Timer timer = timers.get(0);
            if (timer.deadline() - now > 0) {
                break;
            }
            timers.remove(0);
            timer.expired();
            Instrumentation.emit(RuntimeEvent.Kind.TIMER_EXPIRED, depth, timer, null);
            timer.timeout.emit();
        }
    }

    /** Wakes the owner thread from poll. Safe from any thread; a no-op once the thread finished. */
    public void interrupt() {
        synchronized (interruptLock) {
            if (closed) {
                return;
            }
            try {
                Libc.write(eventFd, interruptValue, 8L);
            } catch (LastErrorException e) {
                // EAGAIN means the counter is saturated: the loop is already due to wake.
                if (e.getErrorCode() != Libc.EAGAIN) {
                    throw new IllegalStateException("writing the interrupt eventfd failed: " + Errno.describe(e), e);
                }
            }
        }
    }

    void registerNotifier(EventNotifier notifier) {
        EventNotifier[] set = notifiers.computeIfAbsent(notifier.fd(), fd -> new EventNotifier[3]);
        int slot = notifier.type().ordinal();
        if (set[slot] != null) {
            throw new IllegalStateException("fd " + notifier.fd() + " already has an enabled "
                    + notifier.type() + " notifier");
        }
        set[slot] = notifier;
    }

    void unregisterNotifier(EventNotifier notifier) {
        EventNotifier[] set = notifiers.get(notifier.fd());
        if (set == null || set[notifier.type().ordinal()] != notifier) {
            return;
        }
        set[notifier.type().ordinal()] = null;
        // Erasing while notifiers are processed would pull the entry from under the loop.
        if (!processingEvents && set[0] == null && set[1] == null && set[2] == null) {
            notifiers.remove(notifier.fd());
        }
    }

    void registerTimer(Timer timer) {
        int at = timers.size();
        for (int i = 0; i < timers.size(); i++) {
            if (timer.deadline() - timers.get(i).deadline() < 0) {
                at = i;
                break;
            }
        }
        timers.add(at, timer);
    }

    void unregisterTimer(Timer timer) {
        timers.remove(timer);
    }

    private static short events(EventNotifier[] set) {
        short events = 0;
        for (EventNotifier n : set) {
            if (n != null) {
                events |= n.type().pollEvents;
            }
        }
        return events;
    }

    private Memory pollBuffer(int entries) {
        while (pollBuffers.size() < depth) {
            pollBuffers.add(null);
        }
        Memory m = pollBuffers.get(depth - 1);
        if (m == null || m.size() < (long) entries * POLLFD_SIZE) {
            m = new Memory((long) Math.max(entries, 8) * POLLFD_SIZE);
            pollBuffers.set(depth - 1, m);
        }
        return m;
    }

    private Memory timespec() {
        while (timespecs.size() < depth) {
            timespecs.add(new Memory(16));
        }
        return timespecs.get(depth - 1);
    }

    /** Releases the interrupt eventfd; called by the owner thread as it finishes. */
    void close() {
        synchronized (interruptLock) {
            if (!closed) {
                closed = true;
                Libc.close(eventFd);
            }
        }
    }
}
