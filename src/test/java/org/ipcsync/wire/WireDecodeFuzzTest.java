package org.ipcsync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventDispatcher;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.testing.Leaks;
import org.ipcsync.testing.RawDatagrams;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the receive path of both readers.
 *
 * <p>The kit's strict reader ({@link #garbageDatagramsThenAValidMessage}): raw datagrams (any length, any bytes, sometimes fds, sometimes behind
 * a header that tells the truth) go into one end of a socketpair whose other end is an
 * {@link IPCUnixSocket} driven by the test thread's loop, then a valid message follows.
 *
 * <p>Checked for every input: the only failure the socket reports is its documented
 * {@link IPCUnixSocket.FramingException} (with a {@code framingError}); every payload it delivers
 * parses with {@link IPCMessage#fromBytes} (null exactly when shorter than the message header);
 * a valid message sent after the garbage arrives intact, its fd included (a message whose data is
 * not 8 bytes long resynchronises the stream, so the second of two copies always does); and no fd
 * is left open. {@code mvn verify} runs the seeds in {@code WireDecodeFuzzTestInputs/} (Jazzer's
 * regression mode, in a fork of its own: the surefire execution {@code fuzz-regression} runs the
 * {@code fuzz} tag); {@code JAZZER_FUZZ=1 mvn test -Dtest=WireDecodeFuzzTest -Djazzer.max_duration=60s}
 * fuzzes (about 700 inputs a second here; new findings land next to the seeds).
 *
 * <p>libcamera's reader ({@link #libcamerasReaderSurvivesAnyDatagrams}), which trusts every header
 * and stays out of step once it is (so nothing after garbage is promised to arrive intact): the
 * same inputs must never make it fail except with its documented FramingException (an announced
 * length over the kit's cap), no payload carries more fds than a header can announce, and no fd
 * is left open once the payloads' fds are closed. Its seeds are the strict reader's (same format).
 *
 * <p>Input format, one record after another: a flags byte (bits 0-1: fds to attach, bit 2: send
 * a truthful header first), a length byte, that many bytes of datagram.
 */
@Tag("fuzz")
class WireDecodeFuzzTest {
    private static final int MAX_RECORDS = 64;
    /** The valid message: 12 data bytes (not 8, so that a misread header never parses as one). */
    private static final byte[] SENTINEL = new IPCMessage(7, 0xC0FFEE, new byte[] {4, 3, 2, 1}).toBytes();

    @FuzzTest(maxDuration = "60s")
    void garbageDatagramsThenAValidMessage(byte[] input) throws Exception {
        parsesOrIsDropped(input);
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        int devNull = Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC);
        Map<String, String> fdsBefore = socketsAndDevNull();
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.STRICT);
        int peer = socket.create();
        List<IPCUnixSocket.Payload> payloads = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int[] framingExceptions = new int[1];
        socket.framingError.connect(errors::add);
        socket.readyRead.connect(v -> {
            try {
                payloads.add(socket.receive());
            } catch (IPCUnixSocket.FramingException e) {
                framingExceptions[0]++;
            }
        });
        try {
            ByteBuffer in = ByteBuffer.wrap(input);
            for (int records = 0; in.remaining() >= 2 && records < MAX_RECORDS; records++) {
                int flags = in.get() & 0xff;
                byte[] datagram = new byte[Math.min(in.get() & 0xff, in.remaining())];
                in.get(datagram);
                int[] fds = new int[flags & 3];
                Arrays.fill(fds, devNull);
                if ((flags & 4) != 0) {
                    sendRaw(peer, header(datagram.length, fds.length), new int[0], socket, loop);
                }
                sendRaw(peer, datagram, fds, socket, loop);
                drain(socket, loop);
            }
            // A bad header is only reported; a bad data datagram is reported and thrown by receive().
            assertThat(framingExceptions[0]).as("framing exceptions vs errors " + errors)
                    .isEqualTo(errors.stream().filter(e -> !e.startsWith("header datagram")).count());
            int garbagePayloads = payloads.size();
            for (int copy = 0; copy < 2; copy++) {
                sendRaw(peer, header(SENTINEL.length, 1), new int[0], socket, loop);
                sendRaw(peer, SENTINEL, new int[] {devNull}, socket, loop);
                drain(socket, loop);
            }
            for (IPCUnixSocket.Payload p : payloads) {
                parsesOrIsDropped(p.data());
            }
            assertThat(payloads.size()).as("payloads after the garbage, errors " + errors)
                    .isGreaterThan(garbagePayloads);
            IPCUnixSocket.Payload last = payloads.get(payloads.size() - 1);
            assertThat(last.data()).as("the valid message, intact").isEqualTo(SENTINEL);
            assertThat(last.fds()).hasSize(1);
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + last.fds()[0])))
                    .isEqualTo(Path.of("/dev/null"));
        } finally {
            for (IPCUnixSocket.Payload p : payloads) {
                for (int fd : p.fds()) {
                    Libc.close(fd);
                }
            }
            socket.close();
            Libc.close(peer);
        }
        assertThat(socketsAndDevNull()).as("open sockets and /dev/null fds").isEqualTo(fdsBefore);
        Libc.close(devNull);
    }

    @FuzzTest(maxDuration = "60s")
    void libcamerasReaderSurvivesAnyDatagrams(byte[] input) throws Exception {
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        int devNull = Libc.open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC);
        Map<String, String> fdsBefore = socketsAndDevNull();
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.LIBCAMERA);
        int peer = socket.create();
        List<String> errors = new ArrayList<>();
        int[] framingExceptions = new int[1];
        List<String> broken = new ArrayList<>();
        socket.framingError.connect(errors::add);
        socket.readyRead.connect(v -> {
            try {
                IPCUnixSocket.Payload p = socket.receive();
                try {
                    if (p.fds().length > 255) {
                        broken.add("payload with " + p.fds().length + " fds");
                    }
                } finally {
                    for (int fd : p.fds()) {
                        Libc.close(fd);
                    }
                }
            } catch (IPCUnixSocket.FramingException e) {
                framingExceptions[0]++;
            } catch (RuntimeException e) {
                broken.add(e.toString());
            }
        });
        try {
            ByteBuffer in = ByteBuffer.wrap(input);
            for (int records = 0; in.remaining() >= 2 && records < MAX_RECORDS; records++) {
                int flags = in.get() & 0xff;
                byte[] datagram = new byte[Math.min(in.get() & 0xff, in.remaining())];
                in.get(datagram);
                int[] fds = new int[flags & 3];
                Arrays.fill(fds, devNull);
                if ((flags & 4) != 0) {
                    sendRaw(peer, header(datagram.length, fds.length), new int[0], socket, loop);
                }
                sendRaw(peer, datagram, fds, socket, loop);
                drain(socket, loop);
            }
        } finally {
            socket.close();
            Libc.close(peer);
        }
        assertThat(broken).as("failures other than the documented one").isEmpty();
        assertThat(errors).as("only over-long announcements are errors").allMatch(e -> e.startsWith("header announced"));
        assertThat(framingExceptions[0]).isEqualTo(errors.size());
        assertThat(socketsAndDevNull()).as("open sockets and /dev/null fds").isEqualTo(fdsBefore);
        Libc.close(devNull);
    }

    /**
     * The open fds this test could leak (received /dev/null copies, sockets) with their targets.
     * Not every fd: while fuzzing, the JVM and Jazzer open files of their own now and then.
     */
    private static Map<String, String> socketsAndDevNull() {
        return Leaks.openSocketsAnd("/dev/null");
    }

    /** IPCMessage's own decoder: null below the header size, else header and data round-trip. */
    private static void parsesOrIsDropped(byte[] bytes) {
        IPCMessage m = IPCMessage.fromBytes(bytes, new int[0]);
        if (bytes.length < IPCMessage.HEADER_SIZE) {
            assertThat(m).isNull();
        } else {
            assertThat(m.toBytes()).isEqualTo(bytes);
        }
    }

    /** Lets the socket take everything queued on it (it never waits: poll says something is there). */
    private static void drain(IPCUnixSocket socket, EventDispatcher loop) {
        Memory pfd = new Memory(8);
        while (true) {
            pfd.setInt(0, socket.fd());
            pfd.setShort(4, Libc.POLLIN);
            pfd.setShort(6, (short) 0);
            if (Libc.poll(pfd, 1L, 0) == 0) {
                return;
            }
            loop.processEvents();
        }
    }

    /** One datagram with optional SCM_RIGHTS fds; a full socket is drained by the reader first. */
    private static void sendRaw(int fd, byte[] bytes, int[] fds, IPCUnixSocket reader, EventDispatcher loop) {
        while (true) {
            try {
                RawDatagrams.send(fd, bytes, fds);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EAGAIN) {
                    throw e;
                }
                drain(reader, loop);
            }
        }
    }

    private static byte[] header(int length, int fds) {
        return RawDatagrams.header(length, fds);
    }
}
