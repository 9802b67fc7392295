package org.ipcsync.simipa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventDispatcher;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Timer;
import org.ipcsync.testing.Leaks;
import org.ipcsync.testing.RawDatagrams;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;
import org.ipcsync.worker.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input into sim-ipa, end to end: the test owns the pipeline end of the socketpair, spawns
 * sim-ipa (libcamera's unixsocket_ipc protocol) on the other end the way the pipes do, and writes
 * raw datagrams at it. sim-ipa must log each problem, keep serving sync calls, and exit cleanly
 * on Exit without leaving a process, an fd of ours, or the fd it was sent behind. This is the kit's
 * behaviour, not libcamera's: sim-ipa reads with the kit's strict reader (see WorkerLink), where
 * libcamera's worker would accept short data zero-padded and read on out of step.
 */
class SimIpaBadInputTest {
    @TempDir
    Path dir;

    @Test
    void simIpaLogsEachBadInputKeepsServingAndExitsCleanly() throws Exception {
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        Timer tick = new Timer();
        tick.timeout.connect(v -> tick.start(Duration.ofMillis(50)));
        tick.start(Duration.ofMillis(50));
        Path log = dir.resolve("sim-ipa.log");
        Path wrapper = dir.resolve("sim-ipa-logged");
        Files.writeString(wrapper, "#!/bin/sh\nexec \"$SIM_IPA\" \"$@\" 2>>\"$SIM_IPA_LOG\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Path marker = Files.writeString(dir.resolve("marker-sent-behind-a-lying-header"), "x");
        // After the first file writes: the JDK's NIO keeps one socket of its own from its first use.
        Map<String, String> fdsBefore = Leaks.openSocketsAnd(dir.toString());
        long childrenBefore = Leaks.childProcesses();
        int markerFd = Libc.open(marker.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);

        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        int peer = socket.create();
        List<IPCMessage> replies = new ArrayList<>();
        socket.readyRead.connect(v -> {
            try {
                IPCUnixSocket.Payload p = socket.receive();
                replies.add(IPCMessage.fromBytes(p.data(), p.fds()));
            } catch (IPCUnixSocket.FramingException e) {
                throw new AssertionError("sim-ipa sent a malformed message: " + e.getMessage());
            }
        });
        WorkerProcess worker = WorkerProcess.start(new WorkerCommand(wrapper.toString(),
                SimIpa.UNIXSOCKET_TEST_MODULE,
                Map.of("SIM_IPA", SimIpa.launcher().toString(), "SIM_IPA_LOG", log.toString())), peer);
        Libc.close(peer);
        List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
        worker.finished.connect(exits::add);
        try {
            int fd = socket.fd();
            RawDatagrams.send(fd, new byte[] {1, 2, 3});                               // short datagram
            RawDatagrams.send(fd, RawDatagrams.header(20, 0));                          // size mismatch
            RawDatagrams.send(fd, new byte[12]);
            RawDatagrams.send(fd, RawDatagrams.header(4, 0));                           // longer than announced
            RawDatagrams.send(fd, new IPCMessage(1, 99, new byte[0]).toBytes());
            RawDatagrams.send(fd, RawDatagrams.header(8, 2));                           // fds announced, none sent
            RawDatagrams.send(fd, new IPCMessage(1, 98, new byte[0]).toBytes());
            RawDatagrams.send(fd, RawDatagrams.header(8, 0));                           // fd sent, none announced
            RawDatagrams.send(fd, new IPCMessage(1, 97, new byte[0]).toBytes(), markerFd);
            RawDatagrams.send(fd, RawDatagrams.header(5, 0));                           // well framed, too short
            RawDatagrams.send(fd, new byte[] {1, 0, 0, 0, 0});
            assertThat(send(socket, new IPCMessage(99, 1, new byte[0]))).isZero();    // unknown cmd

            assertThat(getValue(socket, loop, replies, 7)).as("sync get after the garbage").isEqualTo(1337);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lines(log)).containsSubsequence(
                    "dropped malformed input: header datagram of 3 bytes, expected 8",
                    "dropped malformed input: data datagram of 12 bytes, header announced 20",
                    "dropped malformed input: data datagram of more than 4 bytes, header announced 4",
                    "dropped malformed input: data datagram carried 0 fds, header announced 2",
                    "dropped malformed input: data datagram carried 1 fds, header announced 0",
                    "dropped a 5-byte message, shorter than its header",
                    "unknown command 99"));
            assertThat(replies).as("no reply to any of the bad input").hasSize(1);
            assertThat(fdTargets(worker.pid())).as("sim-ipa closed the fd of the dropped message")
                    .doesNotContain(marker.toString());

            assertThat(send(socket, new IPCMessage(2, 8, IpaCodec.u32s(9001)))).isZero();
            assertThat(getValue(socket, loop, replies, 9)).isEqualTo(9001);
            assertThat(send(socket, new IPCMessage(0, 10, new byte[0]))).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> !exits.isEmpty());
            assertThat(exits).as("exit status after Exit").containsExactly(0);
            assertThat(worker.waitFor(Duration.ofSeconds(5))).isTrue();
        } finally {
            worker.close();
            socket.close();
            tick.stop();
            Libc.close(markerFd);
        }
        assertThat(Files.exists(Path.of("/proc/" + worker.pid()))).as("sim-ipa reaped").isFalse();
        assertThat(Leaks.childProcesses()).isEqualTo(childrenBefore);
        assertThat(Leaks.openSocketsAnd(dir.toString())).as("open sockets and files of this test")
                .isEqualTo(fdsBefore);
    }

    private static int send(IPCUnixSocket socket, IPCMessage message) {
        return socket.send(new IPCUnixSocket.Payload(message.toBytes(), message.fds()));
    }

    /** A sync get (cmd 1) over the socket, the test thread's loop run until its reply is in. */
    private static int getValue(IPCUnixSocket socket, EventDispatcher loop, List<IPCMessage> replies, int cookie) {
        int before = replies.size();
        assertThat(send(socket, new IPCMessage(1, cookie, new byte[0]))).isZero();
        pumpUntil(loop, () -> replies.size() > before);
        IPCMessage reply = replies.get(replies.size() - 1);
        assertThat(reply.header()).isEqualTo(new IPCMessage.Header(1, cookie));
        return IpaCodec.readU32s(reply.data(), 1)[0];
    }

    /** The ticking timer bounds every pass, so the deadline is checked at least every 50 ms. */
    private static void pumpUntil(EventDispatcher loop, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for sim-ipa's reply").isLessThan(deadline);
            loop.processEvents();
        }
    }

    private static List<String> lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().map(l -> l.replaceFirst("^sim-ipa\\[\\d+\\]: ", "")).toList();
    }

    private static List<String> fdTargets(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(f -> {
                try {
                    return Files.readSymbolicLink(f).toString();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
