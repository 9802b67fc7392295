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
 * receive path ({@link #readyRead}, {@link #receive}, {@link #receiveNow}) and {@link #close} run
 * only there.
 * {@link #send} is safe from any thread: concurrent senders are serialised (they share the
 * buffers), which libcamera does not do.
 *
 * <p>Framing ({@link Framing}): {@link Framing#LIBCAMERA} sends the header and the data as two
 * independent non-blocking sends, as libcamera does, so a full socket refuses the message at once
 * (-EAGAIN) or takes the header and refuses the data (the stream is then desynchronised).
 * {@link Framing#SAFE}, the kit's own, waits for writability on EAGAIN and sends again (with the
 * fds again), so header and data always travel together; it gives up after
 * {@link #SAFE_SEND_LIMIT_MS} and holds the send lock meanwhile. {@link Framing#QUEUED}, the
 * reference design's, never waits: a message the socket cannot take whole right now (header
 * refused, or header taken and data refused) is queued with copies of its fds, every later message
 * queues behind it, and a write notifier in the socket's thread sends the rest in order once the
 * socket is writable again; so a message is late under back-pressure, never split, refused or
 * stripped of its fds. With it, {@link #send} must be called from the socket's thread (the
 * notifier is enabled there).
 *
 * <p>Receiving ({@link Reader}): {@link Reader#LIBCAMERA} does what libcamera's
 * {@code dataNotifier()}/{@code receive()} do: whatever datagram comes first is the header (its
 * first 8 bytes; a shorter one overwrites only its own bytes of the previous header), and the next
 * datagram is the data, read into a buffer of the announced size: a shorter datagram is accepted
 * and zero-padded, a longer one truncated, and how many bytes or fds arrived is not checked. Once
 * out of step (a header lost or a data datagram split off) it goes on reading data as headers and
 * headers as data. {@link Reader#STRICT}, the kit's own, drops a datagram whose length or fd count
 * differs from its header with a {@link #framingError} and waits for a header again, so a peer's
 * garbage does not wedge it.
 *
 * <p>Fds: sending accepts at most {@link #MAX_FDS} per message (the limit junixsocket's 256-byte
 * ancillary buffer imposed, kept so that every kit version agrees; libcamera's header field allows
 * 255 and the kernel 253). The strict reader drops a message with more; the libcamera reader
 * keeps as many as the header announced (the kernel closes the rest) and, where fewer arrived than
 * announced, hands over only those that did (libcamera pads with fd 0, which the kit will not
 * give anyone who might close it). Received fds arrive close-on-exec ({@code MSG_CMSG_CLOEXEC},
 * which libcamera does not set): the {@link Payload} owns them, the caller must close or hand them
 * on. Sending borrows the caller's fds.
 */
public final class IPCUnixSocket implements AutoCloseable {
    public static final int HEADER_SIZE = 8;
    public static final int MAX_FDS = 60;
    /** The most fds a header can announce (its u8 field). */
    private static final int HEADER_MAX_FDS = 255;
    /** The ancillary receive buffer, large enough for any header: CMSG_SPACE(255 * 4). */
    private static final int ANCILLARY_BUFFER = Libc.CMSGHDR_SIZE + ((HEADER_MAX_FDS * 4 + 7) & ~7);
    /**
     * The kit's cap on an announced length: the strict reader reports larger ones as a mismatch;
     * the libcamera reader, which would try to allocate up to 4 GiB, drops the datagram with a
     * {@link #framingError} instead.
     */
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

    /** How a message goes out; see the class comment. */
    public enum Framing {
        /** libcamera's: two independent non-blocking sends, EAGAIN returned at once. */
        LIBCAMERA,
        /** The kit's: wait for writability (up to {@link #SAFE_SEND_LIMIT_MS}) so header and data stay together. */
        SAFE,
        /** The reference design's: queue what the socket cannot take, finish on writability in the loop. */
        QUEUED
    }

    /** A message waiting for writability (queued framing); its fds are the socket's own copies. */
    private static final class Queued {
        final byte[] data;
        final int[] fds;
        boolean headerSent;

        Queued(byte[] data, int[] fds) {
            this.data = data;
            this.fds = fds;
        }
    }

    /** How incoming datagrams are taken; see the class comment. */
    public enum Reader {
        /** libcamera's: trust the header, accept any data datagram as its data. */
        LIBCAMERA,
        /** The kit's: drop a datagram that does not match its header and wait for a header again. */
        STRICT
    }

    private final Framing framing;
    private final Reader reader;
    /** Emitted (receive thread) when a header and its data datagram are both ready. */
    public final Signal<Void> readyRead = new Signal<>("readyRead");
    /** Emitted (receive thread) with a reason whenever incoming bytes are dropped as malformed. */
    public final Signal<String> framingError = new Signal<>("framingError");

    /** The socket's fd, or -1 once closed; written by the bound thread, read by senders. */
    private volatile int fd = -1;
    private EventNotifier notifier;
    /** Queued framing only: enabled while {@link #outbox} holds a message. Bound thread only. */
    private EventNotifier writeNotifier;
    /** Queued framing: messages not (fully) sent yet, oldest first; guarded by sendLock. */
    private final java.util.ArrayDeque<Queued> outbox = new java.util.ArrayDeque<>();

    // Receive state and buffers: only the bound thread touches them.
    private boolean headerReceived;
    private int announcedLength;
    private int announcedFds;
    /** The last receive() failed in recvmsg itself (not a mismatch). */
    private boolean recvFailed;
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

    public IPCUnixSocket(Framing framing, Reader reader) {
        this.framing = framing;
        this.reader = reader;
        // libcamera leaves its header_ member uninitialised; zero is the kit's stand-in.
        headerIn.clear();
    }

    public Framing framing() {
        return framing;
    }

    public Reader reader() {
        return reader;
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
        if (framing == Framing.QUEUED) {
            writeNotifier = new EventNotifier(fd, EventNotifier.Type.WRITE);
            writeNotifier.setEnabled(false);
            writeNotifier.activated.connect(v -> flushOutbox());
        }
    }

    public boolean isBound() {
        return fd >= 0;
    }

    /** The socket's fd number (for diagnostics and tests), or -1. */
    public int fd() {
        return fd;
    }

    /**
     * Sends one message. Returns 0 or a negative errno: -EAGAIN when a libcamera-framed send hit a full
     * socket (possibly after the header went out) or a safe send waited too long; once the peer's
     * last fd is closed, -ECONNREFUSED on the first send and -ENOTCONN after it. Throws IllegalArgumentException, before anything is written, for an
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
            if (framing == Framing.QUEUED) {
                return sendQueued(socketFd, data, fds);
            }
            prepare(data, fds);
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
     * Queued framing, under sendLock: behind a non-empty outbox the message queues; otherwise it
     * goes out now as far as the socket takes it, and the rest queues. 0, or a hard error
     * (-ECONNREFUSED, -ENOTCONN...) when nothing was queued.
     */
    private int sendQueued(int socketFd, byte[] data, int[] fds) {
        Queued q = null;
        if (outbox.isEmpty()) {
            prepare(data, fds);
            int ret = sendDatagram(socketFd, false, 0);
            if (ret == 0) {
                ret = sendDatagram(socketFd, true, 0);
                if (ret == 0) {
                    return 0;
                }
                if (ret != -Libc.EAGAIN) {
                    // The header went out and the peer vanished before the data: nobody is left to desync.
                    return ret;
                }
                q = new Queued(data, copies(fds));
                q.headerSent = true;
            } else if (ret != -Libc.EAGAIN) {
                return ret;
            }
        }
        if (q == null) {
            q = new Queued(data, copies(fds));
        }
        outbox.add(q);
        waits++;
        writeNotifier.setEnabled(true);
        return 0;
    }

    /** The socket's own copies of a queued message's fds: the caller may close its own once send returns. */
    private static int[] copies(int[] fds) {
        int[] out = new int[fds.length];
        for (int i = 0; i < fds.length; i++) {
            out[i] = Libc.fcntl(fds[i], Libc.F_DUPFD_CLOEXEC, 0);
        }
        return out;
    }

    /** The write notifier (bound thread): sends queued messages in order until the socket is full again. */
    private void flushOutbox() {
        sendLock.lock();
        try {
            int socketFd = fd;
            while (socketFd >= 0 && !outbox.isEmpty()) {
                Queued q = outbox.peek();
                prepare(q.data, q.fds);
                if (!q.headerSent) {
                    int ret = sendDatagram(socketFd, false, 0);
                    if (ret == -Libc.EAGAIN) {
                        return;
                    }
                    if (ret != 0) {
                        dropOutbox("peer gone (" + Errno.name(-ret) + ")");
                        break;
                    }
                    q.headerSent = true;
                }
                int ret = sendDatagram(socketFd, true, 0);
                if (ret == -Libc.EAGAIN) {
                    return;
                }
                outbox.poll();
                closeAll(q.fds);
                if (ret != 0) {
                    dropOutbox("peer gone (" + Errno.name(-ret) + ")");
                    break;
                }
            }
            writeNotifier.setEnabled(false);
        } finally {
            sendLock.unlock();
        }
    }

    /** Under sendLock: the queued messages can never go out (peer gone, or closing); their fd copies closed. */
    private void dropOutbox(String why) {
        if (!outbox.isEmpty()) {
            System.err.println("ipcsync: IPCUnixSocket: " + outbox.size() + " queued message(s) not sent: " + why);
        }
        Queued q;
        while ((q = outbox.poll()) != null) {
            closeAll(q.fds);
        }
    }

    private static void closeAll(int[] fds) {
        for (int f : fds) {
            Libc.close(f);
        }
    }

    /** Messages waiting for writability (queued framing). */
    public int queued() {
        sendLock.lock();
        try {
            return outbox.size();
        } finally {
            sendLock.unlock();
        }
    }

    /** Under sendLock: the header and the data message of one send in the native buffers. */
    private void prepare(byte[] data, int[] fds) {
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
            if (framing != Framing.SAFE) {
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

    /** How many sends left a header without its data on the wire (libcamera framing under back-pressure). */
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
        if (!headerReceived && !receiveHeader()) {
            return;
        }
        if (!dataReady()) {
            return;
        }
        notifier.setEnabled(false);
        readyRead.emit();
    }

    /** The zero-timeout poll libcamera makes after the header: is the data datagram there too? */
    private boolean dataReady() {
        pollFd.setInt(0, fd);
        pollFd.setShort(4, Libc.POLLIN);
        pollFd.setShort(6, (short) 0);
        try {
            return Libc.poll(pollFd, 1L, 0) > 0 && (pollFd.getShort(6) & Libc.POLLIN) != 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /**
     * Takes one whole message off the socket without the notifier, for a caller that polls the
     * socket's fd itself instead of running its loop (the poll-one design's sendSync): the
     * notifier's steps (the next datagram as the header unless one is pending, then the
     * zero-timeout poll for the data datagram), then {@link #receive}, with the same reader.
     * Returns null when no whole message is there yet (nothing, a header whose data has not
     * arrived, or a header the strict reader dropped): the caller polls again. {@link #readyRead}
     * is not emitted. Bound thread only.
     */
    public Payload receiveNow() throws FramingException {
        if (!headerReceived && !receiveHeader()) {
            return null;
        }
        if (!dataReady()) {
            return null;
        }
        return receive();
    }

    /** Takes the next datagram as the header; true when the reader now has one. */
    private boolean receiveHeader() {
        // The strict reader asks for one spare byte, so that a longer datagram (data read as a
        // header: a desynchronised stream) shows; libcamera asks for exactly the header's size.
        int ask = reader == Reader.STRICT ? HEADER_SIZE + 1 : HEADER_SIZE;
        int n;
        try {
            n = (int) Libc.recv(fd, headerIn, ask, Libc.MSG_DONTWAIT);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EAGAIN && e.getErrorCode() != Libc.EINTR) {
                System.err.println("ipcsync: IPCUnixSocket: failed to receive header: " + Errno.describe(e));
            }
            return false;
        }
        if (reader == Reader.STRICT && n != HEADER_SIZE) {
            framingError.emit("header datagram of " + (n > HEADER_SIZE ? "more than " + HEADER_SIZE : n)
                    + " bytes, expected " + HEADER_SIZE);
            return false;
        }
        // libcamera: any datagram is a header. Bytes a short one did not write keep the previous
        // header's values (headerIn persists like libcamera's header_ member).
        announcedLength = headerIn.getInt(0);
        announcedFds = headerIn.getByte(4) & 0xff;
        headerReceived = true;
        return true;
    }

    /**
     * Reads the data datagram announced by the last header, with its fds, and re-enables the
     * notifier. Only after {@link #readyRead}. The strict reader drops a datagram that does not
     * match its header (fds closed), reporting it both by {@link #framingError} and by the
     * exception; the libcamera reader accepts it (see the class comment). When recvmsg itself
     * fails, the libcamera reader keeps its header and leaves the notifier disabled, as libcamera
     * does (nothing is read from the socket again); the strict reader goes back to waiting for a
     * header.
     */
    public Payload receive() throws FramingException {
        if (!headerReceived) {
            throw new IllegalStateException("receive() without a pending header (call it from readyRead)");
        }
        recvFailed = false;
        try {
            return reader == Reader.STRICT ? readStrict() : readAsLibcamera();
        } finally {
            if (reader == Reader.STRICT || !recvFailed) {
                headerReceived = false;
                if (notifier != null) {
                    notifier.setEnabled(true);
                }
            }
        }
    }

    /** recvmsg into dataIn (capacity {@code capacity}) and the ancillary buffer; the byte count. */
    private int recvData(int capacity, int controlCapacity) throws FramingException {
        if (dataIn.size() < Math.max(capacity, 1)) {
            dataIn = new Memory(Math.max(capacity, dataIn.size() * 2));
        }
        recvIov.setPointer(0, dataIn);
        recvIov.setLong(8, capacity);
        recvMsg.clear();
        recvMsg.setPointer(Libc.MSGHDR_IOV, recvIov);
        recvMsg.setLong(Libc.MSGHDR_IOVLEN, 1);
        recvMsg.setPointer(Libc.MSGHDR_CONTROL, recvControl);
        recvMsg.setLong(Libc.MSGHDR_CONTROLLEN, controlCapacity);
        while (true) {
            try {
                return (int) Libc.recvmsg(fd, recvMsg, Libc.MSG_DONTWAIT | Libc.MSG_CMSG_CLOEXEC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    recvFailed = true;
                    throw dropped("failed to receive data: " + Errno.describe(e), new int[0]);
                }
            }
        }
    }

    /** libcamera's receive(): the announced size, zero-padded or truncated; the announced fds at most. */
    private Payload readAsLibcamera() throws FramingException {
        long announced = Integer.toUnsignedLong(announcedLength);
        if (announced > MAX_DATA) {
            // Consume the datagram libcamera would read into a buffer of that size.
            recvData(0, ANCILLARY_BUFFER);
            throw dropped("header announced " + announced + " bytes, more than the kit's limit of " + MAX_DATA
                    + " (libcamera would try to allocate them)", receivedFds());
        }
        int length = (int) announced;
        // libcamera passes CMSG_LEN(fds) as the control length: room for exactly the announced fds.
        int n = recvData(length, Libc.CMSGHDR_SIZE + announcedFds * 4);
        int[] fds = receivedFds();
        if (fds.length > announcedFds) {
            // Cannot happen with a control buffer sized for the announced count; kept as a guard.
            int[] extra = java.util.Arrays.copyOfRange(fds, announcedFds, fds.length);
            for (int f : extra) {
                Libc.close(f);
            }
            fds = java.util.Arrays.copyOf(fds, announcedFds);
        }
        byte[] data = new byte[length];
        int got = Math.min(Math.max(n, 0), length);
        if (got > 0) {
            dataIn.read(0, data, 0, got);
        }
        return new Payload(data, fds);
    }

    /** The kit's strict reader: the datagram must match its header in length and fd count. */
    private Payload readStrict() throws FramingException {
        int want = (int) Math.min(Integer.toUnsignedLong(announcedLength), MAX_DATA);
        // One spare byte tells a longer datagram from an exact one.
        int n = recvData(want + 1, Libc.CMSGHDR_SIZE + MAX_FDS * 4);
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
        if (writeNotifier != null) {
            writeNotifier.close();
            writeNotifier = null;
        }
        sendLock.lock();
        try {
            dropOutbox("socket closed");
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
