package org.ipcsync.wire;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventNotifier;
import org.ipcsync.runtime.Signal;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.BrokenPipeSocketException;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.newsclub.net.unix.ConnectionResetSocketException;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * libcamera's {@code IPCUnixSocket}: a SOCK_DGRAM socketpair driven through junixsocket, byte for byte: an
 * 8-byte header datagram {@code {u32 dataLength; u8 fdCount; 3 zero bytes}} (little-endian), then
 * one data datagram carrying the fds as SCM_RIGHTS.
 *
 * <p>Fds: the socket owns its fd (from socketpair or inherited) and closes it; junixsocket's
 * channel only borrows it, so the "shutdown on close" pitfall of owned channels does not arise.
 *
 * <p>Threads: {@link #create}/{@link #bind} bind the read notifier to the calling thread; the
 * receive path ({@link #readyRead}, {@link #receive}) and {@link #close} run only there.
 * {@link #send} is safe from any thread: concurrent senders are serialised (they share the
 * buffers), which libcamera does not do.
 *
 * <p>Framing: with {@code legacyFraming} the header and data are two independent non-blocking
 * sends as in libcamera, so a full socket can take the header and refuse the data (the stream is
 * then desynchronised). Otherwise an EAGAIN makes the sender wait for writability and send again
 * (re-attaching the fds, which junixsocket drops after a failed write), so header and data always
 * travel together; it gives up after {@link #SAFE_SEND_LIMIT_MS}.
 *
 * <p>Receiving goes further than libcamera, which trusts the header: a data datagram whose
 * length or fd count differs from its header is dropped with a {@link #framingError}, and the
 * socket goes back to waiting for a header, so a peer's garbage does not wedge it.
 *
 * <p>Fds: the kit accepts at most {@link #MAX_FDS} per message. junixsocket's ancillary buffer
 * tops out at 256 bytes, which holds 60 fds (a 61st silently loses the whole message);
 * libcamera's header field allows 255 and the kernel 253. Received fds are dup'ed close-on-exec
 * and junixsocket's copies closed at once: the {@link Payload} owns them, the caller must close
 * or hand them on. Sending borrows the caller's fds.
 */
public final class IPCUnixSocket implements AutoCloseable {
    public static final int HEADER_SIZE = 8;
    public static final int MAX_FDS = 60;
    /** junixsocket's maximum ancillary receive buffer: CMSG_SPACE(60 * 4). */
    private static final int ANCILLARY_BUFFER = 256;
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

    private AFUNIXDatagramChannel channel;
    private int fd = -1;
    private EventNotifier notifier;

    // Receive state: only the bound thread touches it.
    private boolean headerReceived;
    private int announcedLength;
    private int announcedFds;
    /** One spare byte so that a data datagram read as a header (a desynchronised stream) shows. */
    private final ByteBuffer headerIn = ByteBuffer.allocateDirect(HEADER_SIZE + 1).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer dataIn = ByteBuffer.allocateDirect(4096);
    private final Memory pollFd = new Memory(8);

    /** Guards the send buffers and keeps one sender's header and data together. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final ByteBuffer headerOut = ByteBuffer.allocateDirect(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer dataOut = ByteBuffer.allocateDirect(4096);
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

    /** The channel wraps the fd without owning it (unsafeUsing): close() closes the fd itself. */
    private void attach(int socketFd) throws IOException {
        AFUNIXDatagramChannel ch = FileDescriptorCast.unsafeUsing(socketFd).as(AFUNIXDatagramChannel.class);
        ch.configureBlocking(false);
        ch.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER);
        channel = ch;
        fd = socketFd;
        headerReceived = false;
        notifier = new EventNotifier(fd, EventNotifier.Type.READ);
        notifier.activated.connect(v -> dataNotifier());
    }

    public boolean isBound() {
        return channel != null;
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
            // libcamera refuses only "no data and no fds"; junixsocket cannot send a zero-length
            // datagram at all, and an IPCMessage always carries its 8-byte header anyway.
            throw new IllegalArgumentException("refusing to send an empty payload (no data bytes)");
        }
        if (fds.length > MAX_FDS) {
            throw new IllegalArgumentException("refusing to send " + fds.length + " fds: the kit's limit is "
                    + MAX_FDS + " per message (junixsocket's ancillary buffer; libcamera's header allows 255)");
        }
        AFUNIXDatagramChannel ch = channel;
        if (ch == null) {
            return -Libc.ENOTCONN;
        }
        sendLock.lock();
        try {
            headerOut.clear();
            headerOut.putInt(data.length).put((byte) fds.length).put((byte) 0).put((byte) 0).put((byte) 0).flip();
            if (dataOut.capacity() < data.length) {
                dataOut = ByteBuffer.allocateDirect(Math.max(data.length, dataOut.capacity() * 2));
            }
            dataOut.clear();
            dataOut.put(data).flip();
            FileDescriptor[] outFds = new FileDescriptor[fds.length];
            for (int i = 0; i < fds.length; i++) {
                outFds[i] = FileDescriptorCast.unsafeUsing(fds[i]).getFileDescriptor();
            }
            long deadline = System.nanoTime() + SAFE_SEND_LIMIT_MS * 1_000_000L;
            int ret = sendDatagram(ch, headerOut, null, deadline);
            if (ret != 0) {
                return ret;
            }
            ret = sendDatagram(ch, dataOut, outFds, deadline);
            if (ret == -Libc.EAGAIN) {
                splits++;
                System.err.println("ipcsync: IPCUnixSocket: header sent but data refused (EAGAIN): the peer will"
                        + " read the next header as this message's data");
            }
            return ret;
        } catch (IOException e) {
            return -errnoOf(e);
        } finally {
            sendLock.unlock();
        }
    }

    /** One datagram; in safe mode waits for writability on EAGAIN and sends it again, fds re-attached. */
    private int sendDatagram(AFUNIXDatagramChannel ch, ByteBuffer buffer, FileDescriptor[] fds, long deadline)
            throws IOException {
        while (true) {
            if (fds != null) {
                ch.setOutboundFileDescriptors(fds);
            }
            buffer.rewind();
            if (ch.write(buffer) > 0) {
                return 0;
            }
            if (legacyFraming) {
                return -Libc.EAGAIN;
            }
            waits++;
            if (!waitWritable(deadline)) {
                return -Libc.EAGAIN;
            }
        }
    }

    private boolean waitWritable(long deadline) {
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return false;
            }
            sendPollFd.setInt(0, fd);
            sendPollFd.setShort(4, Libc.POLLOUT);
            sendPollFd.setShort(6, (short) 0);
            try {
                if (Libc.poll(sendPollFd, new NativeLong(1), (int) Math.min(left, Integer.MAX_VALUE)) > 0) {
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
            headerIn.clear();
            int n;
            try {
                n = channel.read(headerIn);
            } catch (IOException e) {
                System.err.println("ipcsync: IPCUnixSocket: failed to receive header: " + e);
                return;
            }
            if (n <= 0) {
                return;
            }
            if (n != HEADER_SIZE) {
                // libcamera takes whatever arrived as a header; the kit drops it and resynchronises.
                framingError.emit("header datagram of " + (n > HEADER_SIZE ? "more than " + HEADER_SIZE : n)
                        + " bytes, expected " + HEADER_SIZE);
                return;
            }
            headerIn.flip();
            announcedLength = headerIn.getInt();
            announcedFds = headerIn.get() & 0xff;
            headerReceived = true;
        }
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Libc.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            if (Libc.poll(pollFd, new NativeLong(1), 0) <= 0 || (pollFd.getShort(6) & Libc.POLLIN) == 0) {
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
        // One spare byte tells a longer datagram from an exact one (junixsocket hides MSG_TRUNC).
        if (dataIn.capacity() < want + 1) {
            dataIn = ByteBuffer.allocateDirect(Math.max(want + 1, dataIn.capacity() * 2));
        }
        dataIn.clear().limit(want + 1);
        int n;
        FileDescriptor[] received;
        try {
            n = channel.read(dataIn);
            received = channel.getReceivedFileDescriptors();
        } catch (IOException e) {
            throw dropped("failed to receive data: " + e, new int[0]);
        }
        int[] fds = adopt(received);
        if (n != Integer.toUnsignedLong(announcedLength)) {
            throw dropped("data datagram of " + (n > want ? "more than " + want : Integer.toString(n))
                    + " bytes, header announced " + Integer.toUnsignedString(announcedLength), fds);
        }
        if (fds.length != announcedFds) {
            throw dropped("data datagram carried " + fds.length + " fds, header announced " + announcedFds, fds);
        }
        byte[] bytes = new byte[n];
        dataIn.flip();
        dataIn.get(bytes);
        return new Payload(bytes, fds);
    }

    private FramingException dropped(String reason, int[] fds) {
        for (int f : fds) {
            Libc.close(f);
        }
        framingError.emit(reason);
        return new FramingException(reason);
    }

    /** Takes received fds over: a close-on-exec dup we own, junixsocket's copy closed now. */
    private static int[] adopt(FileDescriptor[] received) {
        if (received == null || received.length == 0) {
            return new int[0];
        }
        int[] out = new int[received.length];
        for (int i = 0; i < received.length; i++) {
            try (FileInputStream owner = new FileInputStream(received[i])) {
                out[i] = Libc.fcntl(fdOf(received[i]), Libc.F_DUPFD_CLOEXEC, 0);
            } catch (IOException e) {
                throw new IllegalStateException("received fd unusable: " + e, e);
            }
        }
        return out;
    }

    /** Disables the notifier and closes the socket. From the bound thread; idempotent. */
    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        notifier.close();
        notifier = null;
        sendLock.lock();
        try {
            channel.close();
        } catch (IOException e) {
            System.err.println("ipcsync: IPCUnixSocket: close failed: " + e);
        } finally {
            Libc.close(fd);
            channel = null;
            fd = -1;
            headerReceived = false;
            sendLock.unlock();
        }
    }

    private static int fdOf(FileDescriptor d) throws IOException {
        return FileDescriptorCast.using(d).as(Integer.class);
    }

    /** junixsocket reports errno as exception types; the pipes speak libcamera's negative errnos. */
    static int errnoOf(IOException e) {
        if (e instanceof ConnectionRefusedSocketException) {
            return Libc.ECONNREFUSED;
        }
        if (e instanceof BrokenPipeSocketException) {
            return Libc.EPIPE;
        }
        if (e instanceof ConnectionResetSocketException) {
            return Libc.ECONNRESET;
        }
        if (e instanceof ClosedChannelException) {
            return Libc.ENOTCONN;
        }
        String m = String.valueOf(e.getMessage());
        if (m.contains("No buffer space")) {
            return 105;
        }
        System.err.println("ipcsync: IPCUnixSocket: send failed: " + e + " (" + Errno.name(Libc.EIO) + ")");
        return Libc.EIO;
    }
}
