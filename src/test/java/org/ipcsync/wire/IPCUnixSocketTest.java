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

/**
 * Both ends in the test's own thread: the loop is driven by hand with processEvents(). Sockets
 * are libcamera's (framing and reader) unless a test names the kit's strict reader.
 */
class IPCUnixSocketTest {
    static IPCUnixSocket libcamera() {
        return new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.LIBCAMERA);
    }

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
        IPCUnixSocket warm = libcamera();
        Libc.close(warm.create());
        warm.close();
        java.util.Map<String, String> fdsBefore = Leaks.openFdsButTheJvms();
        IPCUnixSocket a = libcamera();
        IPCUnixSocket b = libcamera();
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
        Leaks.awaitNoFdOpenedSince(fdsBefore);
        Libc.close(fileFd);
    }

    @Test
    void theHeaderIsLibcamerasEightLittleEndianBytesWithZeroPadding() throws Exception {
        IPCUnixSocket a = libcamera();
        int peer = a.create();
        try (AFUNIXDatagramChannel raw = raw(peer)) {
            assertThat(a.send(new IPCUnixSocket.Payload(new byte[300], new int[0]))).isZero();
            ByteBuffer header = ByteBuffer.allocate(64);
            raw.read(header);
            header.flip();
            assertThat(header.remaining()).isEqualTo(8);
            assertThat(header.order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(300);
            assertThat(new byte[] {header.get(), header.get(), header.get(), header.get()}).containsExactly(0, 0, 0, 0);
        } finally {
            Libc.close(peer);
            a.close();
        }
    }

    @Test
    void emptyPayloadsAndTooManyFdsAreRefusedBeforeAnythingIsSent() throws Exception {
        IPCUnixSocket a = libcamera();
        int peer = a.create();
        try (AFUNIXDatagramChannel raw = raw(peer)) {
            assertThatThrownBy(() -> a.send(new IPCUnixSocket.Payload(new byte[0], new int[0])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty payload");
            int[] many = new int[IPCUnixSocket.MAX_FDS + 1];
            java.util.Arrays.fill(many, 0);
            assertThatThrownBy(() -> a.send(new IPCUnixSocket.Payload(new byte[8], many)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit is 60");
            raw.configureBlocking(false);
            assertThat(raw.read(ByteBuffer.allocate(16))).as("nothing on the wire").isZero();
        } finally {
            Libc.close(peer);
            a.close();
        }
    }

    @Test
    void sixtyFdsCrossInOneMessage() throws Exception {
        IPCUnixSocket a = libcamera();
        IPCUnixSocket b = libcamera();
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

    /** The kit's strict reader (not libcamera's): a mismatch is dropped with a reason and the reader resynchronises. */
    @Test
    void theStrictReaderDropsGarbageWithAReasonAndKeepsWorking() throws Exception {
        IPCUnixSocket b = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.STRICT);
        int peer = b.create();
        Inbox inbox = new Inbox(b);
        try (AFUNIXDatagramChannel raw = raw(peer)) {
            Consumer<byte[]> send = sender(raw);
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
            Libc.close(peer);
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

    /**
     * libcamera's reader trusts the header: the data datagram is read into a buffer of the
     * announced size whatever its length (zero-padded or truncated), and any datagram is a
     * header when one is expected, a short one overwriting only its own bytes.
     */
    @Test
    void theLibcameraReaderTrustsTheHeaderAndPadsOrTruncatesTheData() throws Exception {
        IPCUnixSocket b = libcamera();
        int peer = b.create();
        Inbox inbox = new Inbox(b);
        try {
            Consumer<byte[]> send = bytes -> org.ipcsync.testing.RawDatagrams.send(peer, bytes);
            send.accept(header(20, 0));
            send.accept(filled(12, 0x11));                             // shorter: zero-padded to 20
            send.accept(header(4, 0));
            send.accept(filled(9, 0x22));                              // longer: truncated to 4
            send.accept(new byte[] {6, 0, 0});                         // a 3-byte header: 6, fds 0 from before
            send.accept(filled(10, 0x33));
            send.accept(header(8, 0));
            send.accept(new byte[0]);                                  // an empty data datagram: 8 zeros
            pumpUntil(() -> inbox.payloads.size() == 4);
        } finally {
            Libc.close(peer);
            b.close();
        }
        assertThat(inbox.errors).isEmpty();
        assertThat(inbox.payloads.get(0).data()).isEqualTo(concat(filled(12, 0x11), new byte[8]));
        assertThat(inbox.payloads.get(1).data()).isEqualTo(filled(4, 0x22));
        assertThat(inbox.payloads.get(2).data()).isEqualTo(filled(6, 0x33));
        assertThat(inbox.payloads.get(3).data()).isEqualTo(new byte[8]);
    }

    /**
     * Once out of step (a header whose data never came), libcamera's reader takes the next
     * header as that data and the next data datagram as a header ({cmd, cookie} read as
     * {length, fds}), and stays out of step.
     */
    @Test
    void theLibcameraReaderStaysOutOfStepAfterALostDataDatagram() throws Exception {
        IPCUnixSocket b = libcamera();
        int peer = b.create();
        Inbox inbox = new Inbox(b);
        try {
            Consumer<byte[]> send = bytes -> org.ipcsync.testing.RawDatagrams.send(peer, bytes);
            send.accept(header(8, 0));                                  // its data is lost
            send.accept(header(16, 0));
            send.accept(new IPCMessage(3, 0, new byte[8]).toBytes());  // read as header: length 3, 0 fds
            send.accept(header(8, 0));
            send.accept(new IPCMessage(2, 0, new byte[0]).toBytes());  // read as header: length 2
            send.accept(header(8, 0));
            pumpUntil(() -> inbox.payloads.size() == 3);
        } finally {
            Libc.close(peer);
            b.close();
        }
        assertThat(inbox.errors).isEmpty();
        assertThat(inbox.payloads.get(0).data()).as("the second header, taken as data").isEqualTo(header(16, 0));
        assertThat(inbox.payloads.get(1).data()).as("3 bytes of the third header").containsExactly(8, 0, 0);
        assertThat(inbox.payloads.get(2).data()).as("2 bytes of the fourth header").containsExactly(8, 0);
    }

    /**
     * Fds under libcamera's reader: it keeps at most what the header announced (the kernel closes
     * the rest) and hands over only what arrived; nothing is left open.
     */
    @Test
    void theLibcameraReaderKeepsTheAnnouncedFdsAtMostAndLeaksNone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        int fileFd = Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        LoopThread.current().eventDispatcher();
        IPCUnixSocket b = libcamera();
        int peer = b.create();
        Inbox inbox = new Inbox(b);
        java.util.Map<String, String> before = Leaks.openSocketsAnd(file.toString());
        try {
            org.ipcsync.testing.RawDatagrams.send(peer, header(8, 0));
            org.ipcsync.testing.RawDatagrams.send(peer, new byte[8], fileFd);           // 1 sent, 0 announced
            org.ipcsync.testing.RawDatagrams.send(peer, header(8, 2));
            org.ipcsync.testing.RawDatagrams.send(peer, new byte[8], fileFd);           // 1 sent, 2 announced
            org.ipcsync.testing.RawDatagrams.send(peer, header(8, 1));
            org.ipcsync.testing.RawDatagrams.send(peer, new byte[8], fileFd, fileFd);   // 2 sent, 1 announced
            pumpUntil(() -> inbox.payloads.size() == 3);
            assertThat(inbox.payloads).extracting(p -> p.fds().length).containsExactly(0, 1, 1);
            for (IPCUnixSocket.Payload p : inbox.payloads) {
                for (int fd : p.fds()) {
                    Libc.close(fd);
                }
            }
            assertThat(Leaks.openSocketsAnd(file.toString())).as("open sockets and copies of the file")
                    .isEqualTo(before);
        } finally {
            Libc.close(peer);
            b.close();
            Libc.close(fileFd);
        }
    }

    private static Consumer<byte[]> sender(AFUNIXDatagramChannel raw) {
        return bytes -> {
            try {
                raw.write(ByteBuffer.wrap(bytes));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] header(int length, int fds) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(length).put((byte) fds).array();
    }

    /** A plain junixsocket channel on the far end, blocking, to look at raw datagrams; it borrows the fd. */
    private static AFUNIXDatagramChannel raw(int fd) throws IOException {
        AFUNIXDatagramChannel raw = FileDescriptorCast.unsafeUsing(fd).as(AFUNIXDatagramChannel.class);
        raw.configureBlocking(true);
        raw.setAncillaryReceiveBufferSize(256);
        return raw;
    }
}
