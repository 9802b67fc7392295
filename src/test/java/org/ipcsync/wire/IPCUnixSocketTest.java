package org.ipcsync.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventDispatcher;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.testing.Leaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/** Both ends in the test's own thread: the loop is driven by hand with processEvents(). */
class IPCUnixSocketTest {

    /** Collects what one end receives: payloads, and framing errors as strings. */
    private static final class Inbox {
        final List<IPCUnixSocket.Payload> payloads = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        Inbox(IPCUnixSocket socket) {
            socket.framingError.connect(errors::add);
            socket.readyRead.connect(v -> {
                try {
                    payloads.add(socket.receive());
                } catch (IPCUnixSocket.FramingException e) {
                    // Already recorded through framingError.
                }
            });
        }
    }

    /** Runs the test thread's loop (tests run in threads of their own, not the constructor's). */
    private static void pumpUntil(java.util.function.BooleanSupplier done) {
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for the loop").isLessThan(deadline);
            loop.processEvents();
        }
    }

    @Test
    void aMessageWithFdsCrossesAndTheFdsOutliveTheSocket(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("buffer");
        Files.writeString(file, "frame bytes");
        int fileFd = Libc.open(file.toString(), Libc.O_RDONLY);
        // The loop's eventfd and junixsocket's one-time setup are not what is counted here.
        LoopThread.current().eventDispatcher();
        IPCUnixSocket warm = new IPCUnixSocket(false);
        Libc.close(warm.create());
        warm.close();
        java.util.Set<String> fdsBefore = Leaks.openFds();
        IPCUnixSocket a = new IPCUnixSocket(false);
        IPCUnixSocket b = new IPCUnixSocket(false);
        b.bind(a.create());
        Inbox inbox = new Inbox(b);
        assertThat(a.send(new IPCUnixSocket.Payload(new IPCMessage(7, 42, new byte[] {1, 2}).toBytes(),
                new int[] {fileFd}))).isZero();
        pumpUntil(() -> !inbox.payloads.isEmpty());
        a.close();
        b.close();
        IPCUnixSocket.Payload got = inbox.payloads.get(0);
        IPCMessage message = IPCMessage.fromBytes(got.data(), got.fds());
        assertThat(message.header()).isEqualTo(new IPCMessage.Header(7, 42));
        assertThat(message.data()).containsExactly(1, 2);
        assertThat(got.fds()).hasSize(1).doesNotContain(fileFd);
        com.sun.jna.Memory m = new com.sun.jna.Memory(32);
        long n = Libc.pread(got.fds()[0], m, new com.sun.jna.NativeLong(32), new com.sun.jna.NativeLong(0)).longValue();
        assertThat(new String(m.getByteArray(0, (int) n), StandardCharsets.UTF_8)).isEqualTo("frame bytes");
        message.closeFds();
        assertThat(Leaks.openFds()).as("open fds").isEqualTo(fdsBefore);
        Libc.close(fileFd);
    }

    @Test
    void theHeaderIsLibcamerasEightLittleEndianBytesWithZeroPadding() throws Exception {
        IPCUnixSocket a = new IPCUnixSocket(true);
        try (AFUNIXDatagramChannel raw = rawPeer(a)) {
            assertThat(a.send(new IPCUnixSocket.Payload(new byte[300], new int[0]))).isZero();
            ByteBuffer header = ByteBuffer.allocate(64);
            raw.read(header);
            header.flip();
            assertThat(header.remaining()).isEqualTo(8);
            assertThat(header.order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(300);
            assertThat(new byte[] {header.get(), header.get(), header.get(), header.get()}).containsExactly(0, 0, 0, 0);
        } finally {
            a.close();
        }
    }

    @Test
    void emptyPayloadsAndTooManyFdsAreRefusedBeforeAnythingIsSent() throws Exception {
        IPCUnixSocket a = new IPCUnixSocket(false);
        try (AFUNIXDatagramChannel raw = rawPeer(a)) {
            assertThatThrownBy(() -> a.send(new IPCUnixSocket.Payload(new byte[0], new int[0])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty payload");
            int[] many = new int[IPCUnixSocket.MAX_FDS + 1];
            java.util.Arrays.fill(many, 0);
            assertThatThrownBy(() -> a.send(new IPCUnixSocket.Payload(new byte[8], many)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit is 60");
            raw.configureBlocking(false);
            assertThat(raw.read(ByteBuffer.allocate(16))).as("nothing on the wire").isZero();
        } finally {
            a.close();
        }
    }

    @Test
    void sixtyFdsCrossInOneMessage() throws Exception {
        IPCUnixSocket a = new IPCUnixSocket(false);
        IPCUnixSocket b = new IPCUnixSocket(false);
        b.bind(a.create());
        Inbox inbox = new Inbox(b);
        int[] fds = new int[IPCUnixSocket.MAX_FDS];
        java.util.Arrays.fill(fds, 0);
        assertThat(a.send(new IPCUnixSocket.Payload(new byte[8], fds))).isZero();
        pumpUntil(() -> !inbox.payloads.isEmpty());
        assertThat(inbox.payloads.get(0).fds()).hasSize(60);
        for (int fd : inbox.payloads.get(0).fds()) {
            Libc.close(fd);
        }
        a.close();
        b.close();
    }

    @Test
    void garbageIsDroppedWithAReasonAndTheSocketKeepsWorking() throws Exception {
        IPCUnixSocket b = new IPCUnixSocket(false);
        int peer = b.create();
        Inbox inbox = new Inbox(b);
        try (AFUNIXDatagramChannel raw = FileDescriptorCast.unsafeUsing(peer).as(AFUNIXDatagramChannel.class)) {
            Consumer<byte[]> send = bytes -> {
                try {
                    raw.write(ByteBuffer.wrap(bytes));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            };
            send.accept(new byte[] {1, 2, 3});                         // short header
            send.accept(header(20, 0));
            send.accept(new byte[12]);                                 // shorter than announced
            send.accept(header(4, 0));
            send.accept(new byte[9]);                                  // longer than announced
            send.accept(header(8, 2));
            send.accept(new byte[8]);                                  // fds announced, none sent
            send.accept(header(8, 0));
            send.accept(new IPCMessage(1, 5, new byte[0]).toBytes()); // a good one
            pumpUntil(() -> !inbox.payloads.isEmpty());
        } finally {
            b.close();
        }
        assertThat(inbox.errors).containsExactly(
                "header datagram of 3 bytes, expected 8",
                "data datagram of 12 bytes, header announced 20",
                "data datagram of more than 4 bytes, header announced 4",
                "data datagram carried 0 fds, header announced 2");
        assertThat(IPCMessage.fromBytes(inbox.payloads.get(0).data(), new int[0]).header())
                .isEqualTo(new IPCMessage.Header(1, 5));
    }

    static byte[] header(int length, int fds) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(length).put((byte) fds).array();
    }

    /** A plain junixsocket channel on the far end, blocking, to look at raw datagrams. */
    private static AFUNIXDatagramChannel rawPeer(IPCUnixSocket socket) throws IOException {
        AFUNIXDatagramChannel raw = FileDescriptorCast.unsafeUsing(socket.create()).as(AFUNIXDatagramChannel.class);
        raw.configureBlocking(true);
        raw.setAncillaryReceiveBufferSize(256);
        return raw;
    }
}
