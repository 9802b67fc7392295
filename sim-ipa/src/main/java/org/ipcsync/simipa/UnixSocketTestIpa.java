package org.ipcsync.simipa;

import java.io.ByteArrayOutputStream;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.wire.IPCMessage;

/**
 * libcamera's {@code test/ipc/unixsocket_ipc} worker: cmd 0 exits, cmd 1 (sync) replies with the
 * int32 value, cmd 2 (async) sets it; the value starts at 1337. The kit adds cmd 3 (sync): for
 * each received fd, in order, the reply carries {@code u32 length} then the file's bytes, read
 * from offset 0. Replies echo cmd and cookie.
 *
 * <p>Threads: the worker's main thread only.
 */
final class UnixSocketTestIpa {
    static final int CMD_EXIT = 0;
    static final int CMD_GET_SYNC = 1;
    static final int CMD_SET_ASYNC = 2;
    static final int CMD_READ_FDS_SYNC = 3;
    static final int INITIAL_VALUE = 1337;

    private final WorkerLink link;
    private int value = INITIAL_VALUE;

    UnixSocketTestIpa(WorkerLink link) {
        this.link = link;
    }

    void handle(IPCMessage message) {
        IPCMessage.Header header = message.header();
        try {
            switch (header.cmd()) {
                case CMD_EXIT -> link.stop(0);
                case CMD_GET_SYNC -> link.send(new IPCMessage(header, IpaCodec.u32s(value), new int[0]));
                case CMD_SET_ASYNC -> value = IpaCodec.readU32s(message.data(), 1)[0];
                case CMD_READ_FDS_SYNC -> link.send(new IPCMessage(header, contents(message.fds()), new int[0]));
                default -> WorkerLink.log("unknown command " + Integer.toUnsignedString(header.cmd()));
            }
        } catch (IllegalArgumentException e) {
            WorkerLink.log("bad arguments for " + header + ": " + e.getMessage());
        } finally {
            message.closeFds();
        }
    }

    private static byte[] contents(int[] fds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int fd : fds) {
            byte[] bytes = FdContents.readAll(fd);
            out.writeBytes(IpaCodec.u32s(bytes.length));
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
