package org.ipcsync.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * libcamera's {@code IPCMessage}: a {cmd, cookie} header, serialized arguments and file
 * descriptors travelling beside them. On the wire the header is the first 8 bytes of the data
 * datagram, both fields little-endian u32 (host order on x86-64).
 *
 * <p>Fds: a received message owns its fds until {@link #closeFds()} or until they are handed on;
 * a message built for sending borrows them (sending does not close them). Not thread-safe: a
 * message belongs to one thread at a time.
 */
public final class IPCMessage {
    public static final int HEADER_SIZE = 8;

    /** {@code cookie} 0 on a message from the IPA marks an event (libcamera's convention). */
    public record Header(int cmd, int cookie) {
        @Override
        public String toString() {
            return "cmd " + Integer.toUnsignedString(cmd) + " cookie " + Integer.toUnsignedString(cookie);
        }
    }

    private Header header;
    private byte[] data;
    private int[] fds;

    public IPCMessage() {
        this(new Header(0, 0), new byte[0], new int[0]);
    }

    public IPCMessage(Header header, byte[] data, int[] fds) {
        set(header, data, fds);
    }

    public IPCMessage(int cmd, int cookie, byte[] data) {
        this(new Header(cmd, cookie), data, new int[0]);
    }

    /** Replaces this message's content: how a sync call hands its reply to the caller's {@code out}. */
    public void set(Header header, byte[] data, int[] fds) {
        this.header = header;
        this.data = data.clone();
        this.fds = fds.clone();
    }

    public void set(IPCMessage other) {
        set(other.header, other.data, other.fds);
    }

    public Header header() {
        return header;
    }

    /** The serialized arguments after the header. */
    public byte[] data() {
        return data.clone();
    }

    public int[] fds() {
        return fds.clone();
    }

    /** The bytes of the data datagram: header then arguments. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(header.cmd).putInt(header.cookie).put(data);
        return b.array();
    }

    /**
     * Parses a received data datagram. Returns null when it is shorter than the header, which
     * libcamera's receivers drop.
     */
    public static IPCMessage fromBytes(byte[] bytes, int[] fds) {
        if (bytes.length < HEADER_SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Header h = new Header(b.getInt(), b.getInt());
        return new IPCMessage(h, Arrays.copyOfRange(bytes, HEADER_SIZE, bytes.length), fds);
    }

    /** Closes the fds this message owns (a received message). */
    public void closeFds() {
        for (int fd : fds) {
            org.ipcsync.os.Libc.close(fd);
        }
        fds = new int[0];
    }

    @Override
    public String toString() {
        return header + " +" + data.length + "B" + (fds.length > 0 ? " fds " + Arrays.toString(fds) : "");
    }
}
