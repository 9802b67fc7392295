package org.ipcsync.testing;

import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ipcsync.os.Libc;

/** Raw datagrams for feeding a socket what a broken peer would send: any bytes, any fds. */
public final class RawDatagrams {
    private RawDatagrams() {}

    /**
     * Sends one datagram (zero-length allowed) with {@code fds} as SCM_RIGHTS, without waiting.
     * Throws LastErrorException with EAGAIN when the socket is full.
     */
    public static void send(int socketFd, byte[] bytes, int... fds) {
        Memory data = new Memory(Math.max(1, bytes.length));
        data.write(0, bytes, 0, bytes.length);
        Memory iov = new Memory(Libc.IOVEC_SIZE);
        iov.setPointer(0, data);
        iov.setLong(8, bytes.length);
        Memory msg = new Memory(Libc.MSGHDR_SIZE);
        msg.clear();
        msg.setPointer(Libc.MSGHDR_IOV, iov);
        msg.setLong(Libc.MSGHDR_IOVLEN, 1);
        if (fds.length > 0) {
            Memory control = new Memory(Libc.CMSGHDR_SIZE + 8L * fds.length);
            control.clear();
            control.setLong(0, Libc.CMSGHDR_SIZE + 4L * fds.length);
            control.setInt(8, Libc.SOL_SOCKET);
            control.setInt(12, Libc.SCM_RIGHTS);
            control.write(Libc.CMSGHDR_SIZE, fds, 0, fds.length);
            msg.setPointer(Libc.MSGHDR_CONTROL, control);
            msg.setLong(Libc.MSGHDR_CONTROLLEN, (Libc.CMSGHDR_SIZE + 4L * fds.length + 7) & ~7L);
        }
        Libc.sendmsg(socketFd, msg, Libc.MSG_DONTWAIT);
    }

    /** libcamera's header datagram: u32 length, u8 fd count, three zero bytes. */
    public static byte[] header(int length, int fds) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(length).put((byte) fds).array();
    }
}
