package org.ipcsync.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.util.function.IntSupplier;
import org.ipcsync.os.Libc;

/**
 * The mock's readiness fd. An eventfd can only say "readable"; a V4L2 node also says POLLERR
 * (not streaming, fatal error) and POLLERR|POLLHUP (disconnected). One end of a unix stream
 * socketpair can say all of it: a one-byte token in its receive queue makes it POLLIN; closing
 * the peer while the peer still has unread data sets ECONNRESET and shuts it down, which poll
 * reports as POLLERR|POLLHUP (plus POLLIN). Leaving that state installs a fresh socketpair under
 * the same fd number with dup3, so a registered event notifier keeps working.
 *
 * <p>Not thread-safe: the owning {@link MockVideoDevice} calls it with its lock held.
 */
final class ReadinessSocket implements AutoCloseable {
    private static final NativeLong ONE = new NativeLong(1);

    private final String device;
    private final Memory oneByte = new Memory(1);
    /** The fd handed out; its number never changes until {@link #close}. */
    private final int fd;
    /** The other end, which writes the token; -1 while failed. */
    private int peer;
    private boolean token;

    ReadinessSocket(String device) {
        this.device = device;
        int[] pair = socketPair();
        fd = pair[0];
        peer = pair[1];
    }

    int fd() {
        return fd;
    }

    boolean failed() {
        return peer < 0;
    }

    /** POLLIN while {@code ready}; ignored while failed. */
    void setReady(boolean ready) {
        if (failed() || ready == token) {
            return;
        }
        call("write", () -> ready
                ? Libc.write(peer, oneByte, ONE).intValue()
                : Libc.read(fd, oneByte, ONE).intValue());
        token = ready;
    }

    /** Enter the error state: poll reports POLLERR|POLLHUP|POLLIN until {@link #recover}. */
    void fail() {
        if (failed()) {
            return;
        }
        call("write", () -> Libc.write(fd, oneByte, ONE).intValue());
        call("close", () -> Libc.close(peer));
        peer = -1;
        token = false;
    }

    /** Leave the error state with nothing to report. */
    void recover() {
        if (!failed()) {
            return;
        }
        int[] pair = socketPair();
        call("dup3", () -> Libc.dup3(pair[0], fd, Libc.O_CLOEXEC));
        call("close", () -> Libc.close(pair[0]));
        peer = pair[1];
    }

    @Override
    public void close() {
        if (!failed()) {
            Libc.close(peer);
            peer = -1;
        }
        Libc.close(fd);
        oneByte.close();
    }

    private int[] socketPair() {
        try (Memory sv = new Memory(8)) {
            call("socketpair", () -> Libc.socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, sv));
            return new int[] {sv.getInt(0), sv.getInt(4)};
        }
    }

    private void call(String what, IntSupplier syscall) {
        try {
            syscall.getAsInt();
        } catch (LastErrorException e) {
            throw new VideoDeviceException("readiness " + what, device, e.getErrorCode(), null, e);
        }
    }
}
