package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaEvent;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.testing.Leaks;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every design against a real sim-ipa process: the same protocol, the same answers. */
class PipeConformanceTest {
    /** Generous: a JVM worker's first reply waits for the JVM to start on a busy machine. */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    static List<String> designs() {
        return DesignCatalog.pipeNames();
    }

    /** Records every observer call, in order, as text. */
    static final class Recorder implements PipeObserver {
        final List<String> log = Collections.synchronizedList(new ArrayList<>());

        /** A copy to assert on: a receiver thread may still be adding while assertions iterate. */
        List<String> snapshot() {
            synchronized (log) {
                return new ArrayList<>(log);
            }
        }

        @Override
        public void syncCallStarted(IPCMessage.Header request) {
            log.add("started " + request);
        }

        @Override
        public void replyReceived(IPCMessage.Header reply) {
            log.add("reply " + reply);
        }

        @Override
        public void syncWaitEnded(IPCMessage.Header request, boolean complete) {
            log.add("wait ended " + request + (complete ? " complete" : " incomplete"));
        }

        @Override
        public void syncCallReturned(IPCMessage.Header request, int status) {
            log.add("returned " + request + " -> " + status);
        }

        @Override
        public void eventReceived(IPCMessage.Header event) {
            log.add("event " + event);
        }

        @Override
        public void staleReplyDropped(IPCMessage.Header reply) {
            log.add("stale " + reply);
        }

        @Override
        public void messageDropped(String reason) {
            log.add("dropped " + reason);
        }
    }

    static IPCPipe open(String design, WorkerCommand worker, PipeOptions options) {
        IPCPipe pipe = DesignCatalog.pipe(design).create(worker, options);
        assertThat(pipe.isConnected()).as("%s connected", design).isTrue();
        return pipe;
    }

    static int getValue(IPCPipe pipe, int cookie) {
        IPCMessage out = new IPCMessage();
        assertThat(pipe.sendSync(new IPCMessage(1, cookie, new byte[0]), out)).isZero();
        assertThat(out.header()).isEqualTo(new IPCMessage.Header(1, cookie));
        return IpaCodec.readU32s(out.data(), 1)[0];
    }

    @ParameterizedTest
    @MethodSource("designs")
    void libcamerasUnixsocketIpcTestPasses(String design) throws Exception {
        Baseline before = Baseline.take();
        IPCPipe pipe = open(design, SimIpa.unixSocketTestCommand(), PipeOptions.defaults().withTimeout(TEST_TIMEOUT));
        List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
        pipe.workerExited().connect(exits::add);
        assertThat(getValue(pipe, 0)).isEqualTo(1337);
        assertThat(pipe.sendAsync(new IPCMessage(2, 1, IpaCodec.u32s(9001)))).isZero();
        assertThat(getValue(pipe, 2)).isEqualTo(9001);
        assertThat(pipe.sendAsync(new IPCMessage(0, 3, new byte[0]))).isZero();
        await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> !exits.isEmpty());
        assertThat(exits).containsExactly(0);
        pipe.close();
        before.assertNothingLeaked();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void fdsOfRealFilesAreReadOnTheOtherSide(String design, @TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "first file");
        Path b = Files.writeString(dir.resolve("b"), "the second, longer file");
        int fa = Libc.open(a.toString(), Libc.O_RDONLY);
        int fb = Libc.open(b.toString(), Libc.O_RDONLY);
        try (IPCPipe pipe = open(design, SimIpa.unixSocketTestCommand(),
                PipeOptions.defaults().withTimeout(TEST_TIMEOUT))) {
            IPCMessage out = new IPCMessage();
            assertThat(pipe.sendSync(new IPCMessage(new IPCMessage.Header(3, 0), new byte[0], new int[] {fa, fb}),
                    out)).isZero();
            ByteBuffer r = ByteBuffer.wrap(out.data()).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(string(r)).isEqualTo("first file");
            assertThat(string(r)).isEqualTo("the second, longer file");
            assertThat(r.remaining()).isZero();
        } finally {
            Libc.close(fa);
            Libc.close(fb);
        }
    }

    static String string(ByteBuffer r) {
        byte[] bytes = new byte[r.getInt()];
        r.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("designs")
    void theKitsIpaRunsItsProfile(String design) throws Exception {
        Baseline before = Baseline.take();
        IpaProfile profile = IpaProfile.parse("start=events-before:2,events-after:1;stop=latency:50;"
                + "mapBuffers=checksum");
        Recorder recorder = new Recorder();
        List<IPCMessage> events = Collections.synchronizedList(new ArrayList<>());
        int memfd = Libc.memfd_create("buffer", Libc.MFD_CLOEXEC);
        byte[] frame = "pixels".repeat(100).getBytes(StandardCharsets.US_ASCII);
        Memory m = new Memory(frame.length);
        m.write(0, frame, 0, frame.length);
        Libc.pwrite(memfd, m, new NativeLong(frame.length), new NativeLong(0));
        try (IPCPipe pipe = open(design, SimIpa.command(profile),
                PipeOptions.defaults().withTimeout(TEST_TIMEOUT).withObserver(recorder))) {
            pipe.recv().connect(events::add);
            IPCMessage out = new IPCMessage();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.INIT.code, 0, IpaCodec.u32s(7)), out)).isZero();
            assertThat(IpaCodec.readStatus(out.data())).isZero();
            recorder.log.clear();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.START.code, 1, new byte[0]), out)).isZero();
            assertThat(out.header()).isEqualTo(new IPCMessage.Header(IpaCommand.START.code, 1));
            // Events sent before the reply are taken off the socket before it (EventBeforeReplyOrder).
            // The event sent after the reply may be taken off the socket by the threaded design's
            // receiver before the woken caller returns, so only the order up to the reply is fixed.
            assertThat(recorder.snapshot()).startsWith("started cmd 2 cookie 1", "event cmd 2 cookie 0",
                    "event cmd 2 cookie 0", "reply cmd 2 cookie 1");
            assertThat(recorder.snapshot()).contains("returned cmd 2 cookie 1 -> 0");
            assertThat(pipe.sendSync(new IPCMessage(new IPCMessage.Header(IpaCommand.MAP_BUFFERS.code, 2),
                    IpaCodec.u32s(1, 5), new int[] {memfd}), out)).isZero();
            int[] reply = IpaCodec.readU32s(out.data(), 3);
            assertThat(reply[0]).isZero();
            assertThat(reply[1]).isEqualTo(crc(frame));
            assertThat(reply[2]).isEqualTo(frame.length);
            assertThat(pipe.sendAsync(new IPCMessage(new IPCMessage.Header(IpaCommand.PROCESS_STATS.code, 3),
                    IpaCodec.u32s(11, 5, 100), new int[] {memfd}))).isZero();
            assertThat(pipe.sendAsync(new IPCMessage(IpaCommand.QUEUE_REQUEST.code, 4, IpaCodec.u32s(12)))).isZero();
            long t0 = System.nanoTime();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 5, new byte[0]), out)).isZero();
            assertThat(System.nanoTime() - t0).as("stop's 50 ms latency").isGreaterThanOrEqualTo(50_000_000L);
            // Poll-one posts the events it read during a call to this thread's queue: run the queue
            // while waiting, as a camera manager's loop would (nothing is queued for the others).
            await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> {
                LoopThread.current().dispatchMessages(null);
                return events.size() >= 5;
            });
            List<String> seen = events.stream().map(e -> e.header().cmd() + ":"
                    + java.util.Arrays.toString(IpaCodec.readU32s(e.data(), e.data().length / 4))).toList();
            assertThat(seen).contains(
                    IpaEvent.METADATA_READY.code + ":[11, " + crc(java.util.Arrays.copyOf(frame, 100)) + ", 100]",
                    IpaEvent.PARAMS_READY.code + ":[12, 0]",
                    IpaEvent.PARAMS_READY.code + ":[1, 2]");
            assertThat(events).allSatisfy(e -> assertThat(e.header().cookie()).isZero());
        } finally {
            Libc.close(memfd);
        }
        before.assertNothingLeaked();
    }

    static int crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return (int) c.getValue();
    }

    /** Open fds, live threads and child processes before a test, compared after it. */
    record Baseline(int fds, int threads, long children) {
        static Baseline take() {
            // Pipes kill their worker without waiting (libcamera's Process destructor): an earlier
            // test's worker may still be on its way to being reaped. Let it go first, unless
            // children of this JVM live longer than a test.
            try {
                await().pollInSameThread().atMost(Duration.ofSeconds(5)).until(() -> Leaks.childProcesses() == 0);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                System.out.println("baseline: " + Leaks.childProcesses() + " child processes outlive tests");
            }
            // This thread's loop (its eventfd) and the native libraries stay: not a leak.
            org.ipcsync.runtime.LoopThread.current().eventDispatcher();
            Libc.getpid();
            return new Baseline(Leaks.openFdsButTheJvms().size(), Leaks.liveThreads(), Leaks.childProcesses());
        }

        void assertNothingLeaked() {
            await().pollInSameThread().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(Leaks.childProcesses()).as("child processes").isEqualTo(children);
                assertThat(Leaks.liveThreads()).as("threads").isLessThanOrEqualTo(threads);
                assertThat(Leaks.openFdsButTheJvms().size()).as("open fds").isLessThanOrEqualTo(fds);
            });
        }
    }
}
