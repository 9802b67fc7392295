package org.ipcsync.simipa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.testing.Leaks;
import org.ipcsync.testing.RawDatagrams;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;
import org.ipcsync.worker.WorkerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The native sim-ipa ({@code sim-ipa/c/sim_ipa.c}) against the Java one, its reference: both
 * workers are started as real processes on a socketpair, fed the same requests (with fds where
 * the scripts read them), and what each sent back is captured raw, datagram by datagram (header
 * datagrams, data datagrams, truncated stubs and lying headers alike, with the count of fds
 * attached), together with its {@code sim-ipa[pid]:} stderr lines (pid removed) and its exit
 * status. The two captures must be identical. Seeded random latencies show in the stubs a
 * {@code truncated} fault draws from the same generator afterwards (one draw too many or too few,
 * or a different generator, changes its bytes), and each slow call must take at least the latency
 * the reference's generator chose for it.
 *
 * <p>No sleeps: every run ends with Exit (or a fault that ends the worker) and is drained once the
 * worker has been reaped, when everything it sent is in the socket; a hang is drained once its
 * log line (written after its last datagram) is there, and then killed.
 */
class SimIpaConformanceTest {
    private static final int EXIT = IpaCommand.EXIT.code;
    private static final int INIT = IpaCommand.INIT.code;
    private static final int START = IpaCommand.START.code;
    private static final int STOP = IpaCommand.STOP.code;
    private static final int CONFIGURE = IpaCommand.CONFIGURE.code;
    private static final int MAP = IpaCommand.MAP_BUFFERS.code;
    private static final int UNMAP = IpaCommand.UNMAP_BUFFERS.code;
    private static final int QUEUE = IpaCommand.QUEUE_REQUEST.code;
    private static final int STATS = IpaCommand.PROCESS_STATS.code;
    /** A worker's boot under load (the Java one) plus its scripted latencies. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern LOG_LINE = Pattern.compile("^sim-ipa\\[(\\d+)\\]: (.*)$");

    @TempDir
    static Path dir;
    private static Path nativeWorker;

    @BeforeAll
    static void build() throws IOException {
        nativeWorker = SimIpa.nativeWorker();
        assertThat(nativeWorker).as("the native sim-ipa builds (gcc)").isNotNull();
        Files.writeString(dir.resolve("frame-a"), "the first buffer's bytes");
        Files.write(dir.resolve("frame-b"), new byte[70_000]);   // more than one 64 KiB positional read
        Files.writeString(dir.resolve("stats"), "statistics of one frame, longer than asked for");
        Files.writeString(dir.resolve("profile.txt"), "seed=3;init=events-after:2;start=wrong-cookie\n");
    }

    /** Marks a request sent as one raw datagram of {@code args} (what a broken pipeline might send). */
    private static final int RAW = Integer.MIN_VALUE;

    /** A request: command, cookie, argument words, files whose fds go with it. */
    record Request(int cmd, int cookie, byte[] args, List<String> files) {
        static Request datagram(byte[] bytes, String... files) {
            return new Request(RAW, 0, bytes, List.of(files));
        }

        static Request of(int cmd, int cookie, int... args) {
            return new Request(cmd, cookie, IpaCodec.u32s(args), List.of());
        }

        static Request raw(int cmd, int cookie, byte[] args, String... files) {
            return new Request(cmd, cookie, args, List.of(files));
        }

        Request with(String... more) {
            return new Request(cmd, cookie, args, List.of(more));
        }
    }

    /** What one worker did: its datagrams, its log lines without the pid, how it ended. */
    record Capture(List<String> datagrams, List<String> log, int exit) {}

    /** How a run ends: the worker exits by itself (Exit, a fault, bad arguments) or hangs. */
    enum End { EXITS, HANGS }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("every command, the fast profile", "sim-ipa:", End.EXITS, 0, List.of(
                        Request.of(INIT, 1, 0), Request.of(CONFIGURE, 2, 640, 480),
                        Request.of(MAP, 3, 2, 10, 11).with("frame-a", "frame-b"), Request.of(START, 4),
                        Request.of(QUEUE, 5, 77), Request.of(STATS, 6, 77, 10, 9).with("stats"),
                        Request.of(UNMAP, 7, 2, 10, 11), Request.of(99, 8), Request.of(STOP, 9),
                        Request.of(EXIT, 10))),
                Arguments.of("events before and after, checksums with fds", "sim-ipa:seed=11;init=events-before:2,"
                        + "events-after:1;configure=events-after:3;mapBuffers=checksum,events-before:1;"
                        + "start=checksum;processStats=events-after:2", End.EXITS, 0, List.of(
                        Request.of(INIT, 1, 5), Request.of(CONFIGURE, 2, 1, 2),
                        Request.of(MAP, 3, 3, 1, 2, 3).with("frame-a", "frame-b", "stats"),
                        Request.of(START, 4).with("frame-b"), Request.of(STATS, 5, 1, 1, 1000).with("frame-b"),
                        Request.of(STATS, 6, 2, 1, 0).with("frame-a"), Request.of(EXIT, 7))),
                Arguments.of("wrong cookie, truncated, garbage; the first listed fault wins", "sim-ipa:seed=-5;"
                        + "start=wrong-cookie@1,garbage,truncated@3;stop=truncated;queueRequest=garbage@2,"
                        + "events-after:1;init=wrong-cookie,events-before:1", End.EXITS, 0, List.of(
                        Request.of(INIT, -1, 0), Request.of(START, 2), Request.of(START, 3), Request.of(START, 4),
                        Request.of(QUEUE, 5, 1), Request.of(QUEUE, 6, 2), Request.of(STOP, 7), Request.of(STOP, 8),
                        Request.of(STOP, 9), Request.of(EXIT, 10))),
                Arguments.of("bad arguments: -EINVAL for sync calls, nothing for async ones", "sim-ipa:"
                        + "init=events-after:1;queueRequest=events-after:1;processStats=events-before:1",
                        End.EXITS, 0, List.of(
                        Request.raw(INIT, 1, new byte[0]), Request.raw(CONFIGURE, 2, IpaCodec.u32s(1)),
                        Request.of(MAP, 3, 3, 1).with("frame-a"), Request.raw(UNMAP, 4, new byte[] {1, 0}),
                        Request.of(MAP, 5, -1), Request.raw(QUEUE, 6, new byte[3]),
                        Request.of(STATS, 7, 1, 2), Request.of(STATS, 8, 1, 2, 3),
                        Request.of(STATS, 9, 1, 2, 3).with("frame-a", "stats"), Request.of(INIT, 10, 1),
                        Request.of(EXIT, 11))),
                Arguments.of("malformed input from the pipeline is logged and dropped", "sim-ipa:init=events-after:1",
                        End.EXITS, 0, List.of(
                        Request.datagram(new byte[] {1, 2, 3}),
                        Request.datagram(RawDatagrams.header(20, 0)), Request.datagram(new byte[12]),
                        Request.datagram(RawDatagrams.header(4, 0)), Request.datagram(IpaCodec.u32s(INIT, 99, 0)),
                        Request.datagram(RawDatagrams.header(12, 2)), Request.datagram(IpaCodec.u32s(INIT, 98, 0)),
                        Request.datagram(RawDatagrams.header(12, 0)),
                        Request.datagram(IpaCodec.u32s(INIT, 97, 0), "frame-a"),
                        Request.datagram(RawDatagrams.header(5, 0)), Request.datagram(new byte[] {1, 0, 0, 0, 0}),
                        Request.datagram(RawDatagrams.header(1 << 23, 0)), Request.datagram(new byte[16]),
                        Request.of(INIT, 1, 0), Request.of(EXIT, 2))),
                Arguments.of("seeded random latencies then truncated stubs", "sim-ipa:seed=20251126;"
                        + "init=latency:0-30;start=latency:3|0|7;configure=latency:1-9,truncated@2;"
                        + "stop=truncated,latency:4", End.EXITS, 0, List.of(
                        Request.of(INIT, 1, 0), Request.of(INIT, 2, 0), Request.of(START, 3), Request.of(CONFIGURE, 4, 1, 1),
                        Request.of(START, 5), Request.of(CONFIGURE, 6, 1, 1), Request.of(INIT, 7, 0),
                        Request.of(STOP, 8), Request.of(STOP, 9), Request.of(CONFIGURE, 10, 2, 2), Request.of(EXIT, 11))),
                Arguments.of("scripted exit on the second call", "sim-ipa:init=events-before:1;start=exit@2",
                        End.EXITS, 3, List.of(Request.of(INIT, 1, 0), Request.of(START, 2), Request.of(START, 3),
                        Request.of(STOP, 4), Request.of(EXIT, 5))),
                Arguments.of("scripted SIGKILL", "sim-ipa:stop=events-before:3,kill", End.EXITS, 137, List.of(
                        Request.of(INIT, 1, 0), Request.of(STOP, 2), Request.of(EXIT, 3))),
                Arguments.of("scripted hang: events before, then nothing more, Exit included",
                        "sim-ipa:configure=events-before:2,hang@2", End.HANGS, 137, List.of(
                        Request.of(CONFIGURE, 1, 1, 1), Request.of(CONFIGURE, 2, 1, 1), Request.of(INIT, 3, 0),
                        Request.of(EXIT, 4))),
                Arguments.of("a profile file as the module path", dir.resolve("profile.txt").toString(), End.EXITS, 0,
                        List.of(Request.of(INIT, 1, 0), Request.of(START, 2), Request.of(EXIT, 3))),
                Arguments.of("a missing profile file", dir.resolve("no-such-profile").toString(), End.EXITS, 2,
                        List.of(Request.of(INIT, 1, 0))),
                Arguments.of("libcamera's unixsocket_ipc protocol", SimIpa.UNIXSOCKET_TEST_MODULE, End.EXITS, 0, List.of(
                        Request.of(1, 1), Request.of(2, 2, 9001), Request.raw(2, 3, new byte[2]), Request.of(1, 4),
                        Request.of(3, 5).with("frame-a", "stats"), Request.of(42, 6), Request.of(0, 7))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theNativeWorkerSendsWhatTheJavaOneSends(String name, String module, End end, int exit, List<Request> requests)
            throws Exception {
        Capture reference = run(javaCommand(module), requests, end);
        Capture candidate = run(new WorkerCommand(nativeWorker.toString(), module), requests, end);
        assertThat(reference.exit()).as("the Java worker's exit status").isEqualTo(exit);
        if (exit != 2) {
            assertThat(reference.datagrams()).as("the Java worker answered something").isNotEmpty();
        }
        assertThat(candidate).as("native vs Java sim-ipa, %s", name).isEqualTo(reference);
    }

    /** Profiles the grammar refuses: both workers say why in the same words and exit with status 2. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badProfiles")
    void badProfileTextIsRefusedInTheSameWords(String profile) throws Exception {
        List<Request> none = List.of(Request.of(INIT, 1, 0));
        Capture reference = run(javaCommand("sim-ipa:" + profile), none, End.EXITS);
        Capture candidate = run(new WorkerCommand(nativeWorker.toString(), "sim-ipa:" + profile), none, End.EXITS);
        assertThat(reference.exit()).isEqualTo(2);
        assertThat(reference.log()).singleElement().asString().startsWith("cannot start: ");
        assertThat(candidate).isEqualTo(reference);
    }

    static Stream<String> badProfiles() {
        return Stream.of("init", "init=", "init=latency", "init=latency:", "init=latency:5-", "init=latency:|",
                "init=latency:|5", "init=latency:9-3", "init=latency: 5", "seed=x", "seed=9223372036854775808",
                "init=hang@0", "init=hang@-1", "init=hang@x", "init=boom", "init=boom@0", "foo=hang",
                "init=events-before:-1", "init=events-after:99999999999", "MAP_BUFFERS=frob", "start=checksum;x",
                "init=hang@2,,;stop=");
    }

    /**
     * Each call of a seeded random latency takes at least what the reference's generator chose
     * for it (a sleep is never shorter), on both workers; the truncated stub that follows the
     * draws must match too (see the class comment).
     */
    @Test
    void seededLatenciesBlockEachCallAtLeastAsLongAsTheReferenceChose() throws Exception {
        IpaProfile profile = IpaProfile.parse("seed=77;init=latency:0-150");
        Random reference = profile.newRandom();
        List<Long> chosen = new ArrayList<>();
        for (int call = 0; call < 6; call++) {
            chosen.add(profile.script(IpaCommand.INIT).latency().millis(call, reference));
        }
        System.out.println("SimIpaConformanceTest: seed 77, latencies chosen by the reference: " + chosen);
        assertThat(chosen).as("a seed whose draws differ, so that an order mix-up shows").doesNotHaveDuplicates();
        String module = SimIpa.PROFILE_PREFIX + profile.format();
        List<Long> javaTook = timedInits(javaCommand(module), chosen.size());
        List<Long> nativeTook = timedInits(new WorkerCommand(nativeWorker.toString(), module), chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            assertThat(javaTook.get(i)).as("Java worker, init call %d", i + 1).isGreaterThanOrEqualTo(chosen.get(i));
            assertThat(nativeTook.get(i)).as("native worker, init call %d", i + 1)
                    .isGreaterThanOrEqualTo(chosen.get(i));
        }
    }

    /** A worker whose pipeline process dies exits by itself (status 1), idle or hung, saying so. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("orphans")
    void aWorkerWhoseParentDiesExitsAndSaysSo(String name, String profile, List<Request> requests) throws Exception {
        List<String> reference = orphan(javaLauncher(), profile, requests, "java");
        List<String> candidate = orphan(nativeWorker, profile, requests, "native");
        assertThat(reference).last().asString().startsWith("parent P is gone");
        assertThat(candidate).isEqualTo(reference);
    }

    static Stream<Arguments> orphans() {
        return Stream.of(Arguments.of("idle in its loop", "sim-ipa:", List.of(Request.of(INIT, 1, 0))),
                Arguments.of("hung", "sim-ipa:start=hang", List.of(Request.of(INIT, 1, 0), Request.of(START, 2))));
    }

    // ------------------------------------------------------------------------------------------

    private static WorkerCommand javaCommand(String module) {
        return new WorkerCommand(javaLauncher().toString(), module);
    }

    /** The Java launcher, whatever -Dipcsync.simipa.worker says. */
    private static Path javaLauncher() {
        return SimIpa.launcher();
    }

    private Capture run(WorkerCommand command, List<Request> requests, End end) throws Exception {
        long childrenBefore = Leaks.childProcesses();
        Path log = Files.createTempFile(dir, "stderr", ".log");
        int logFd = Libc.open(log.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC);
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        int peer = socket.create();
        WorkerProcess worker;
        try {
            worker = WorkerProcess.start(command, peer, logFd);
        } catch (IOException e) {
            Libc.close(peer);
            throw e;
        } finally {
            Libc.close(logFd);
        }
        try {
            // This end keeps a copy of the worker's socket until the worker has ended. Without it, a
            // request sent after a fast worker's scripted exit goes to a dead peer, and the kernel
            // then drops this socket's queue: the replies sent before the exit would be lost (seen
            // with the native worker on a loaded machine).
            for (Request r : requests) {
                send(socket, r);
            }
            if (end == End.HANGS) {
                await().atMost(PATIENCE).until(() -> Files.readString(log).contains("scripted hang"));
                worker.kill();
            }
            assertThat(worker.waitFor(PATIENCE)).as("worker %s ended", command).isTrue();
            Libc.close(peer);
            peer = -1;
            List<String> datagrams = drain(socket.fd());
            return new Capture(datagrams, logLines(log), worker.exitStatus());
        } finally {
            if (peer >= 0) {
                Libc.close(peer);
            }
            worker.close();
            socket.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.childProcesses() == childrenBefore);
        }
    }

    private static void send(IPCUnixSocket socket, Request r) throws IOException {
        int[] fds = new int[r.files().size()];
        for (int i = 0; i < fds.length; i++) {
            fds[i] = Libc.open(dir.resolve(r.files().get(i)).toString(), Libc.O_RDONLY | Libc.O_CLOEXEC);
        }
        try {
            if (r.cmd() == RAW) {
                RawDatagrams.send(socket.fd(), r.args(), fds);
                return;
            }
            IPCMessage m = new IPCMessage(new IPCMessage.Header(r.cmd(), r.cookie()), r.args(), fds);
            int ret = socket.send(new IPCUnixSocket.Payload(m.toBytes(), fds));
            // A worker that is gone already (a bad profile) refuses; that is part of what is compared.
            assertThat(ret).as("send %s", r).isIn(0, -Libc.ECONNREFUSED, -Libc.ENOTCONN);
        } finally {
            for (int fd : fds) {
                Libc.close(fd);
            }
        }
    }

    /** Every datagram waiting on {@code fd}, as hex plus the count of fds it carried (closed here). */
    private static List<String> drain(int fd) {
        Memory data = new Memory(1 << 20);
        Memory iov = new Memory(Libc.IOVEC_SIZE);
        Memory control = new Memory(Libc.CMSGHDR_SIZE + 4L * IPCUnixSocket.MAX_FDS + 8);
        Memory msg = new Memory(Libc.MSGHDR_SIZE);
        List<String> out = new ArrayList<>();
        while (true) {
            iov.setPointer(0, data);
            iov.setLong(8, data.size());
            msg.clear();
            msg.setPointer(Libc.MSGHDR_IOV, iov);
            msg.setLong(Libc.MSGHDR_IOVLEN, 1);
            msg.setPointer(Libc.MSGHDR_CONTROL, control);
            msg.setLong(Libc.MSGHDR_CONTROLLEN, control.size());
            long n;
            try {
                n = Libc.recvmsg(fd, msg, Libc.MSG_DONTWAIT | Libc.MSG_CMSG_CLOEXEC);
            } catch (LastErrorException e) {
                assertThat(e.getErrorCode()).as("only EAGAIN ends the drain").isEqualTo(Libc.EAGAIN);
                return out;
            }
            long controlLength = msg.getLong(Libc.MSGHDR_CONTROLLEN);
            int fds = 0;
            if (controlLength >= Libc.CMSGHDR_SIZE) {
                fds = (int) ((control.getLong(0) - Libc.CMSGHDR_SIZE) / 4);
                for (int i = 0; i < fds; i++) {
                    Libc.close(control.getInt(Libc.CMSGHDR_SIZE + 4L * i));
                }
            }
            out.add(HexFormat.of().formatHex(data.getByteArray(0, (int) n)) + " fds=" + fds
                    + (controlLength > 0 ? " control" : ""));
        }
    }

    private static List<String> logLines(Path log) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches()) {
                lines.add(m.group(2));
            }
        }
        return lines;
    }

    /** init's round trips, one at a time: milliseconds from each send to its reply. */
    private List<Long> timedInits(WorkerCommand command, int calls) throws Exception {
        long childrenBefore = Leaks.childProcesses();
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        int peer = socket.create();
        WorkerProcess worker;
        try {
            worker = WorkerProcess.start(command, peer);
        } finally {
            Libc.close(peer);
        }
        List<Long> took = new ArrayList<>();
        try {
            for (int i = 1; i <= calls; i++) {
                long t0 = System.nanoTime();
                send(socket, Request.of(INIT, i, 0));
                List<String> got = new ArrayList<>();
                Memory pfd = new Memory(8);
                while (got.size() < 2) {   // the reply's header and data datagrams
                    pfd.setInt(0, socket.fd());
                    pfd.setShort(4, Libc.POLLIN);
                    pfd.setShort(6, (short) 0);
                    assertThat(Libc.poll(pfd, 1L, (int) PATIENCE.toMillis())).as("reply to init %d", i).isPositive();
                    got.addAll(drain(socket.fd()));
                }
                took.add((System.nanoTime() - t0) / 1_000_000);
                assertThat(got).hasSize(2);
            }
            send(socket, Request.of(EXIT, 99));
            assertThat(worker.waitFor(PATIENCE)).isTrue();
            assertThat(worker.exitStatus()).isZero();
        } finally {
            worker.close();
            socket.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> Leaks.childProcesses() == childrenBefore);
        }
        return took;
    }

    /**
     * Starts the worker under a shell that is its parent, lets it answer {@code requests} (or hang
     * in them), kills the shell, and returns the worker's log lines with pids replaced by P.
     */
    private List<String> orphan(Path program, String module, List<Request> requests, String tag) throws Exception {
        Path log = dir.resolve("orphan-" + tag + "-" + System.nanoTime() + ".log");
        Path shell = dir.resolve("parent-" + tag + ".sh");
        Files.writeString(shell, "#!/bin/sh\n\"$WORKER\" \"$@\" 2>>\"$WORKER_LOG\" &\nwait\n");
        Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwx------"));
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        int peer = socket.create();
        WorkerProcess parent;
        try {
            parent = WorkerProcess.start(new WorkerCommand(shell.toString(), module,
                    Map.of("WORKER", program.toString(), "WORKER_LOG", log.toString())), peer);
        } finally {
            Libc.close(peer);
        }
        try {
            for (Request r : requests) {
                send(socket, r);
            }
            // The init reply proves the worker took note of its parent (it does so before its loop).
            Memory pfd = new Memory(8);
            pfd.setInt(0, socket.fd());
            pfd.setShort(4, Libc.POLLIN);
            pfd.setShort(6, (short) 0);
            assertThat(Libc.poll(pfd, 1L, (int) PATIENCE.toMillis())).as("init answered").isPositive();
            if (module.contains("hang")) {
                await().atMost(PATIENCE).until(() -> Files.exists(log) && Files.readString(log).contains("scripted hang"));
            }
            parent.kill();
            assertThat(parent.waitFor(PATIENCE)).isTrue();
            await().atMost(PATIENCE).until(() -> Files.readString(log).contains("is gone"));
            drain(socket.fd());
        } finally {
            parent.close();
            socket.close();
        }
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = LOG_LINE.matcher(line);
            if (m.matches()) {
                long pid = Long.parseLong(m.group(1));
                await().atMost(PATIENCE).until(() -> !Files.exists(Path.of("/proc/" + pid)) || zombie(pid));
                lines.add(m.group(2).replaceAll("parent \\d+", "parent P"));
            }
        }
        return lines;
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return true;
        }
    }
}
