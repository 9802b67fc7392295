package org.ipcsync.wire;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventNotifier;
import org.ipcsync.runtime.Signal;

/**
 * libcamera's {@code IPCUnixSocket}: a SOCK_DGRAM socketpair, byte for byte: an 8-byte header
 * datagram {@code {u32 dataLength; u8 fdCount; 3 zero bytes}} (little-endian), then one data
 * datagram carrying the fds as SCM_RIGHTS (a control message is attached even without fds, as
 * libcamera does). Like libcamera it calls {@code send}/{@code sendmsg}
 * and {@code recv}/{@code recvmsg} itself (direct-mapped through JNA into preallocated native
 * buffers): junixsocket's channel costs about 0.5 µs more per datagram and needs a dup per
 * received fd, which the round-trip bench showed.
 *
 * <p>Fds: the socket owns its fd (from socketpair or inherited) and closes it.
 *
 * <p>Threads: {@link #create}/{@link #bind} bind the read notifier to the calling thread; the
 * receive path ({@link #readyRead}, {@link #receive}) and {@link #close} run only there.
 * {@link #send} is safe from any thread: concurrent senders are serialised (they share the
 * buffers), which libcamera does not do.
 *
 * <p>Framing: with {@code legacyFraming} the header and data are two independent non-blocking
 * sends as in libcamera, so a full socket can take the header and refuse the data (the stream is
 * then desynchronised). Otherwise an EAGAIN makes the sender wait for writability and send again
 * (with the fds again), so header and data always travel together; it gives up after
 * {@link #SAFE_SEND_LIMIT_MS}.
 *
 * <p>Receiving goes further than libcamera, which trusts the header: a data datagram whose
 * length or fd count differs from its header is dropped with a {@link #framingError}, and the
 * socket goes back to waiting for a header, so a peer's garbage does not wedge it.
 *
 * <p>Fds: the kit accepts at most {@link #MAX_FDS} per message (the limit junixsocket's
 * 256-byte ancillary buffer imposed, kept so that every kit version agrees; libcamera's header
 * field allows 255 and the kernel 253); a message with more is dropped as a mismatch. Received
 * fds arrive close-on-exec ({@code MSG_CMSG_CLOEXEC}): the {@link Payload} owns them, the caller
 * must close or hand them on. Sending borrows the caller's fds.
 */
public final class IPCUnixSocket implements AutoCloseable {
    public static final int HEADER_SIZE = 8;
    public static final int MAX_FDS = 60;
    /** The ancillary receive buffer: CMSG_SPACE(60 * 4). */
    private static final int ANCILLARY_BUFFER = Libc.CMSGHDR_SIZE + MAX_FDS * 4;
    /** Larger announced lengths are read into this much and then reported as a mismatch. */
    private static final int MAX_DATA = 4 << 20;
    public static final long SAFE_SEND_LIMIT_MS = 5000;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 0x800;

    /** A data datagram's bytes and the fds that came with it (owned by whoever holds it). */
    public record Payload(byte[] data, int[] fds) {
        public Payload {
            data = data.clone();
            fds = fds.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int[] fds() {
            return fds.clone();
        }

        public int length() {
            return data.length;
        }
    }

    /** A data datagram that does not match its header; its fds were already closed. */
    public static final class FramingException extends Exception {
        public FramingException(String message) {
            super(message);
        }
    }

    private final boolean legacyFraming;
    /** Emitted (receive thread) when a header and its data datagram are both ready. */
    public final Signal<Void> readyRead = new Signal<>("readyRead");
    /** Emitted (receive thread) with a reason whenever incoming bytes are dropped as malformed. */
    public final Signal<String> framingError = new Signal<>("framingError");

    /** The socket's fd, or -1 once closed; written by the bound thread, read by senders. */
    private volatile int fd = -1;
    private EventNotifier notifier;

    // Receive state and buffers: only the bound thread touches them.
    private boolean headerReceived;
    private int announcedLength;
    private int announcedFds;
    /** One spare byte so that a data datagram read as a header (a desynchronised stream) shows. */
    private final Memory headerIn = new Memory(HEADER_SIZE + 1);
    private Memory dataIn = new Memory(4096);
    private final Memory recvIov = new Memory(Libc.IOVEC_SIZE);
    private final Memory recvControl = new Memory(ANCILLARY_BUFFER);
    private final Memory recvMsg = new Memory(Libc.MSGHDR_SIZE);
    private final Memory pollFd = new Memory(8);

    /** Guards the send buffers and keeps one sender's header and data together. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final Memory headerOut = new Memory(HEADER_SIZE);
    private Memory dataOut = new Memory(4096);
    private final Memory sendIov = new Memory(Libc.IOVEC_SIZE);
    private final Memory sendControl = new Memory(ANCILLARY_BUFFER);
    private final Memory sendMsg = new Memory(Libc.MSGHDR_SIZE);
    private final Memory sendPollFd = new Memory(8);
    /** Sends whose header went out but whose data did not; guarded by sendLock. */
    private long splits;
    /** Times a safe send found the socket full and waited for writability; guarded by sendLock. */
    private long waits;

    public IPCUnixSocket(boolean legacyFraming) {
        this.legacyFraming = legacyFraming;
    }

    public boolean legacyFraming() {
        return legacyFraming;
    }

    /**
     * Opens the socketpair, binds one end here and returns the other end's fd for the worker:
     * non-blocking, close-on-exec, owned by the caller (close it once the worker was spawned).
     */
    public int create() throws IOException {
        if (isBound()) {
            throw new IllegalStateException("socket already bound");
        }
        // libc's socketpair rather than AFUNIXSocketPair.openDatagram(), which leaves two extra
        // sockets open per pair (measured with junixsocket 2.11.1). The raw fds stay ours.
        Memory pair = new Memory(8);
        try {
            Libc.socketpair(Libc.AF_UNIX, SOCK_DGRAM | Libc.SOCK_CLOEXEC | SOCK_NONBLOCK, 0, pair);
        } catch (LastErrorException e) {
            throw new IOException("socketpair failed: " + Errno.describe(e), e);
        }
        try {
            attach(pair.getInt(0));
        } catch (IOException | RuntimeException e) {
            Libc.close(pair.getInt(0));
            Libc.close(pair.getInt(4));
            throw e;
        }
        return pair.getInt(4);
    }

    /** Adopts an inherited socket fd (the worker side); the socket owns it from now on. */
    public void bind(int inheritedFd) throws IOException {
        if (isBound()) {
            throw new IllegalStateException("socket already bound");
        }
        attach(inheritedFd);
    }

    /** Every I/O call passes MSG_DONTWAIT, so an inherited blocking fd behaves as a non-blocking one. */
    private void attach(int socketFd) throws IOException {
        fd = socketFd;
        headerReceived = false;
        notifier = new EventNotifier(fd, EventNotifier.Type.READ);
        notifier.activated.connect(v -> dataNotifier());
    }

    public boolean isBound() {
        return fd >= 0;
    }

    /** The socket's fd number (for diagnostics and tests), or -1. */
    public int fd() {
        return fd;
    }

    /**
     * Sends one message. Returns 0 or a negative errno: -EAGAIN when a legacy send hit a full
     * socket (possibly after the header went out) or a safe send waited too long, -ECONNREFUSED
     * once the peer is gone. Throws IllegalArgumentException, before anything is written, for an
     * empty payload or more than {@link #MAX_FDS} fds.
     */
    public int send(Payload payload) {
        byte[] data = payload.data;
        int[] fds = payload.fds;
        if (data.length == 0) {
            // libcamera refuses only "no data and no fds"; the kit refuses every empty data datagram
            // (junixsocket, which it used to send through, could not send one), and an IPCMessage
            // always carries its 8-byte header anyway.
            throw new IllegalArgumentException("refusing to send an empty payload (no data bytes)");
        }
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("refusing to send " + fds.length + " fds: the kit's limit is "
                    + MAX_FDS + " per message (the receivers' ancillary buffer; libcamera's header allows 255)");
        }
        sendLock.lock();
        try {
            int socketFd = fd;
            if (socketFd < 0) {
                return -Libc.ENOTCONN;
            }
            headerOut.setInt(0, data.length);
            headerOut.setInt(4, fds.length);
            if (dataOut.size() < data.length) {
                dataOut = new Memory(Math.max(data.length, dataOut.size() * 2));
            }
            dataOut.write(0, data, 0, data.length);
            sendIov.setPointer(0, dataOut);
            sendIov.setLong(8, data.length);
            sendMsg.clear();
            sendMsg.setPointer(Libc.MSGHDR_IOV, sendIov);
            sendMsg.setLong(Libc.MSGHDR_IOVLEN, 1);
            // Like libcamera, an SCM_RIGHTS control message even when it carries no fds.
            int controlLength = Libc.CMSGHDR_SIZE + 4 * fds.length;
            sendControl.setLong(0, controlLength);
            sendControl.setInt(8, Libc.SOL_SOCKET);
            sendControl.setInt(12, Libc.SCM_RIGHTS);
            sendControl.write(Libc.CMSGHDR_SIZE, fds, 0, fds.length);
            sendMsg.setPointer(Libc.MSGHDR_CONTROL, sendControl);
            sendMsg.setLong(Libc.MSGHDR_CONTROLLEN, controlLength);
            long deadline = System.nanoTime() + SAFE_SEND_LIMIT_MS * 1_000_000L;
            int ret = sendDatagram(socketFd, false, deadline);
            if (ret != 0) {
                return ret;
            }
            ret = sendDatagram(socketFd, true, deadline);
            if (ret == -Libc.EAGAIN) {
                splits++;
                System.err.println("ipcsync: IPCUnixSocket: header sent but data refused (EAGAIN): the peer will"
                        + " read the next header as this message's data");
            }
            return ret;
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * One datagram: the header ({@code send}) or the prepared data message ({@code sendmsg}).
     * In safe mode waits for writability on EAGAIN and sends it again. Returns 0 or -errno.
     */
    private int sendDatagram(int socketFd, boolean data, long deadline) {
        while (true) {
            try {
                if (data) {
                    Libc.sendmsg(socketFd, sendMsg, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
                } else {
                    Libc.send(socketFd, headerOut, HEADER_SIZE, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
                }
                return 0;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == Libc.EINTR) {
                    continue;
                }
                if (errno != Libc.EAGAIN) {
                    return -errno;
                }
            }
            if (legacyFraming) {
                return -Libc.EAGAIN;
            }
            waits++;
            if (!waitWritable(socketFd, deadline)) {
                return -Libc.EAGAIN;
            }
        }
    }

    private boolean waitWritable(int socketFd, long deadline) {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            sendPollFd.setInt(0, socketFd);
            sendPollFd.setShort(4, Libc.POLLOUT);
            sendPollFd.setShort(6, (short) 0);
            try {
                if (Libc.poll(sendPollFd, 1L, (int) Math.min(left, Integer.MAX_VALUE)) > 0) {
                    return true;
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    return false;
                }
            }
        }
    }

    /** How many sends left a header without its data on the wire (legacy framing under back-pressure). */
    public long splits() {
        sendLock.lock();
        try {
            return splits;
        } finally {
            sendLock.unlock();
        }
    }

    /** How many times safe framing found the socket full and waited for the reader. */
    public long waits() {
        sendLock.lock();
        try {
            return waits;
        } finally {
            sendLock.unlock();
        }
    }

    /** libcamera's dataNotifier(): header first, then readyRead only once the data datagram is there too. */
    private void dataNotifier() {
        if (!headerReceived) {
            int n;
            try {
                n = (int) Libc.recv(fd, headerIn, HEADER_SIZE + 1, Libc.MSG_DONTWAIT);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EAGAIN && e.getErrorCode() != Libc.EINTR) {
                    System.err.println("ipcsync: IPCUnixSocket: failed to receive header: " + Errno.describe(e));
                }
                return;
            }
            if (n != HEADER_SIZE) {
                // libcamera takes whatever arrived as a header; the kit drops it and resynchronises.
                framingError.emit("header datagram of " + (n > HEADER_SIZE ? "more than " + HEADER_SIZE : n)
                        + " bytes, expected " + HEADER_SIZE);
                return;
            }
            announcedLength = headerIn.getInt(0);
            announcedFds = headerIn.getByte(4) & 0xff;
            headerReceived = true;
        }
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Libc.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            if (Libc.poll(pollFd, 1L, 0) <= 0 || (pollFd.getShort(6) & Libc.POLLIN) == 0) {
                return;
            }
        } catch (LastErrorException e) {
            return;
        }
        notifier.setEnabled(false);
        readyRead.emit();
    }

    /**
     * Reads the data datagram announced by the last header, with its fds, and re-enables the
     * notifier. Only after {@link #readyRead}. A datagram that does not match its header is
     * dropped (fds closed) and reported both by {@link #framingError} and by the exception.
     */
    public Payload receive() throws FramingException {
        if (!headerReceived) {
            throw new IllegalStateException("receive() without a pending header (call it from readyRead)");
        }
        try {
            return readData();
        } finally {
            headerReceived = false;
            if (notifier != null) {
                notifier.setEnabled(true);
            }
        }
    }

    private Payload readData() throws FramingException {
        int want = (int) Math.min(Integer.toUnsignedLong(announcedLength), MAX_DATA);
        // One spare byte tells a longer datagram from an exact one.
        if (dataIn.size() < want + 1) {
            dataIn = new Memory(Math.max(want + 1, dataIn.size() * 2));
        }
        recvIov.setPointer(0, dataIn);
        recvIov.setLong(8, want + 1);
        recvMsg.clear();
        recvMsg.setPointer(Libc.MSGHDR_IOV, recvIov);
        recvMsg.setLong(Libc.MSGHDR_IOVLEN, 1);
        recvMsg.setPointer(Libc.MSGHDR_CONTROL, recvControl);
        recvMsg.setLong(Libc.MSGHDR_CONTROLLEN, ANCILLARY_BUFFER);
        int n;
        while (true) {
            try {
                n = (int) Libc.recvmsg(fd, recvMsg, Libc.MSG_DONTWAIT | Libc.MSG_CMSG_CLOEXEC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    throw dropped("failed to receive data: " + Errno.describe(e), new int[0]);
                }
            }
        }
        int[] fds = receivedFds();
        if ((recvMsg.getInt(Libc.MSGHDR_FLAGS) & Libc.MSG_CTRUNC) != 0) {
            throw dropped("data datagram carried more than " + MAX_FDS + " fds (the kit's limit), header announced "
                    + announcedFds, fds);
        }
        if (n != Integer.toUnsignedLong(announcedLength)) {
            throw dropped("data datagram of " + (n > want ? "more than " + want : Integer.toString(n))
                    + " bytes, header announced " + Integer.toUnsignedString(announcedLength), fds);
        }
        if (fds.length != announcedFds) {
            throw dropped("data datagram carried " + fds.length + " fds, header announced " + announcedFds, fds);
        }
        return new Payload(dataIn.getByteArray(0, n), fds);
    }

    /** The SCM_RIGHTS fds of the last recvmsg (already ours and close-on-exec). */
    private int[] receivedFds() {
        long controlLength = recvMsg.getLong(Libc.MSGHDR_CONTROLLEN);
        int[] fds = new int[0];
        long at = 0;
        while (at + Libc.CMSGHDR_SIZE <= controlLength) {
            long length = recvControl.getLong(at);
            if (length < Libc.CMSGHDR_SIZE || at + length > controlLength) {
                break;
            }
            if (recvControl.getInt(at + 8) == Libc.SOL_SOCKET && recvControl.getInt(at + 12) == Libc.SCM_RIGHTS) {
                int count = (int) ((length - Libc.CMSGHDR_SIZE) / 4);
                int[] more = recvControl.getIntArray(at + Libc.CMSGHDR_SIZE, count);
                int[] all = java.util.Arrays.copyOf(fds, fds.length + count);
                System.arraycopy(more, 0, all, fds.length, count);
                fds = all;
            }
            at += (length + 7) & ~7L;
        }
        return fds;
    }

    private FramingException dropped(String reason, int[] fds) {
        for (int f : fds) {
            Libc.close(f);
        }
        framingError.emit(reason);
        return new FramingException(reason);
    }

    /** Disables the notifier and closes the socket. From the bound thread; idempotent. */
    @Override
    public void close() {
        if (fd < 0) {
            return;
        }
        notifier.close();
        notifier = null;
        sendLock.lock();
        try {
            Libc.close(fd);
        } catch (LastErrorException e) {
            System.err.println("ipcsync: IPCUnixSocket: close failed: " + Errno.describe(e));
        } finally {
            fd = -1;
            headerReceived = false;
            sendLock.unlock();
        }
    }
}
