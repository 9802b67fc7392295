package org.ipcsync.runtime;

import org.ipcsync.os.Libc;

/**
 * Watches one file descriptor for one kind of readiness and emits {@link #activated} from its
 * thread's loop (libcamera's {@code EventNotifier}). Like libcamera, a ready fd activates the
 * notifier only for the events its type asks for: POLLERR or POLLHUP alone do not.
 *
 * <p>Threads: bound to the creating thread; {@link #setEnabled} and {@link #close} only from it.
 */
public class EventNotifier extends BoundObject {
    public enum Type {
        READ(Libc.POLLIN),
        WRITE(Libc.POLLOUT),
        EXCEPTION(Libc.POLLPRI);

        final short pollEvents;

        Type(short pollEvents) {
            this.pollEvents = pollEvents;
        }
    }

    private final int fd;
    private final Type type;
    private boolean enabled;
    public final Signal<Void> activated = new Signal<>("activated");

    /** Creates an enabled notifier bound to the calling thread. */
    public EventNotifier(int fd, Type type) {
        this.fd = fd;
        this.type = type;
        setEnabled(true);
    }

    public int fd() {
        return fd;
    }

    public Type type() {
        return type;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enable) {
        assertThreadBound("EventNotifier can't be enabled from another thread");
        if (enabled == enable) {
            return;
        }
        enabled = enable;
        EventDispatcher dispatcher = thread().eventDispatcher();
        if (enable) {
            dispatcher.registerNotifier(this);
        } else {
            dispatcher.unregisterNotifier(this);
        }
    }

    /** Disables the notifier; the fd itself belongs to the caller. */
    public void close() {
        setEnabled(false);
    }

    @Override
    protected void message(Message message) {
        if (message.type() == Message.Type.THREAD_MOVE && enabled) {
            // Leave the old loop now; join the new one from the new thread.
            thread().eventDispatcher().unregisterNotifier(this);
            enabled = false;
            invokeMethod("re-enable notifier", () -> setEnabled(true), ConnectionType.QUEUED);
        }
        super.message(message);
    }

    @Override
    public String toString() {
        return "notifier(fd " + fd + ", " + type.name().toLowerCase() + ")";
    }
}
