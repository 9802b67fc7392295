package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.FdPoll;
import org.ipcsync.runtime.Timer;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;
import org.junit.jupiter.api.Test;

/**
 * The reference pipe's own mechanisms against real workers: framing under back-pressure (the one
 * mechanism no scenario can exercise: a camera has four buffers, so at most five messages wait for
 * its worker, where a connected datagram socketpair takes hundreds before its send buffer is
 * full), fail-fast with the worker's
 * status and stderr, and stale replies dropped. Each mechanism is also shown missing in its
 * {@link PipeOptions.Mutation}.
 */
class ReferencePipeTest {
    private static final int SIGSTOP = 19;
    private static final int SIGCONT = 18;
    /** Far more than the socket's send buffer (about 200 KiB of small datagrams) holds. */
    private static final int MESSAGES = 2000;

    private static ReferencePipe open(WorkerCommand worker, PipeOptions options) {
        ReferencePipe pipe = new ReferencePipe(worker, options.withTimeout(PipeConformanceTest.TEST_TIMEOUT));
        assertThat(pipe.isConnected()).isTrue();
        return pipe;
    }

    /** unixsocket protocol: cmd 2 sets the value (async), cmd 1 reads it (sync). */
    private record Burst(List<Integer> statuses, int queuedAtMost, int lastValueSeen) {}

    private static Burst burstWhileTheWorkerIsStopped(ReferencePipe pipe) {
        assertThat(PipeConformanceTest.getValue(pipe, 1)).isEqualTo(1337);
        Libc.kill(pipe.workerPid(), SIGSTOP);
        List<Integer> statuses = new ArrayList<>();
        int queued = 0;
        try {
            for (int i = 0; i < MESSAGES; i++) {
                statuses.add(pipe.sendAsync(new IPCMessage(2, 2 + i, IpaCodec.u32s(1000 + i))));
                queued = Math.max(queued, pipe.queuedMessages());
            }
        } finally {
            Libc.kill(pipe.workerPid(), SIGCONT);
        }
        IPCMessage out = new IPCMessage();
        int ret = pipe.sendSync(new IPCMessage(1, 2 + MESSAGES, new byte[0]), out);
        return new Burst(statuses, queued, ret == 0 ? IpaCodec.readU32s(out.data(), 1)[0] : ret);
    }

    @Test
    void underBackPressureEveryMessageArrivesWholeAndInOrder() {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        PipeConformanceTest.Recorder log = new PipeConformanceTest.Recorder();
        try (ReferencePipe pipe = open(SimIpa.unixSocketTestCommand(), PipeOptions.defaults().withObserver(log))) {
            Burst b = burstWhileTheWorkerIsStopped(pipe);
            assertThat(b.statuses()).as("every send accepted").containsOnly(0);
            assertThat(b.queuedAtMost()).as("the socket filled and messages waited in the pipe").isPositive();
            assertThat(b.lastValueSeen()).as("the worker got the last message, after all the others")
                    .isEqualTo(1000 + MESSAGES - 1);
            assertThat(pipe.queuedMessages()).isZero();
            assertThat(log.snapshot()).noneMatch(l -> l.startsWith("dropped"));
        }
        before.assertNothingLeaked();
    }

    @Test
    void withLibcamerasFramingTheSameBurstLosesMessages() {
        try (ReferencePipe pipe = open(SimIpa.unixSocketTestCommand(),
                PipeOptions.defaults().withMutations(Set.of(PipeOptions.Mutation.LIBCAMERA_FRAMING)))) {
            Burst b = burstWhileTheWorkerIsStopped(pipe);
            assertThat(b.statuses()).as("a full socket refuses messages").contains(-Libc.EAGAIN);
            assertThat(b.queuedAtMost()).isZero();
            assertThat(b.lastValueSeen()).as("the last message never reached the worker")
                    .isNotEqualTo(1000 + MESSAGES - 1);
        }
    }

    @Test
    void aWorkerKilledMidCallFailsThePendingCallWithItsSignalAndStderr() {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        try (ReferencePipe pipe = open(SimIpa.command(IpaProfile.parse("stop=kill@1")), PipeOptions.defaults())) {
            PipeFaultTest.awaitReady(pipe);
            int ret = pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 1, new byte[0]), new IPCMessage());
            assertThat(ret).as("failed by the death, not the deadline").isEqualTo(-Libc.ENOTCONN);
            WorkerDeath death = pipe.death();
            assertThat(death).isNotNull();
            assertThat(death.exit().signal()).isEqualTo(Libc.SIGKILL);
            assertThat(death.stderrTail()).contains("stop call 1: scripted SIGKILL");
            assertThat(death.describe()).contains("killed by signal 9 (SIGKILL)", "scripted SIGKILL");
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.START.code, 2, new byte[0]), new IPCMessage()))
                    .as("later calls fail at once").isEqualTo(-Libc.ENOTCONN);
            assertThat(pipe.sendAsync(new IPCMessage(IpaCommand.QUEUE_REQUEST.code, 3, IpaCodec.u32s(1))))
                    .isEqualTo(-Libc.ENOTCONN);
        }
        before.assertNothingLeaked();
    }

    /** The C worker ignores an unknown command (and says so on stderr): the call waits until the kill. */
    @Test
    void theCWorkerKilledFromOutsideMidCallReportsItsSignalAndLastWords() throws Exception {
        WorkerCommand c = new WorkerCommand(CPrograms.build("unixsocket_worker").toString(), "");
        try (ReferencePipe pipe = open(c, PipeOptions.defaults())) {
            assertThat(PipeConformanceTest.getValue(pipe, 1)).isEqualTo(1337);
            IPCMessage out = new IPCMessage();
            var call = pipe.call(new IPCMessage(99, 2, new byte[0]), out);
            // Kill once the worker has read the request: its stderr line says so.
            while (!pipe.stderrTail().contains("unknown command 99")) {
                pipe.thread().eventDispatcher().processEvents();
            }
            Libc.kill(pipe.workerPid(), Libc.SIGKILL);
            while (!call.isDone()) {
                pipe.thread().eventDispatcher().processEvents();
            }
            assertThat(call.join()).isEqualTo(-Libc.ENOTCONN);
            assertThat(pipe.death().describe()).contains("killed by signal 9", "unknown command 99");
        }
    }

    /**
     * The worker answers, then dies before the pipe has read the answer, and the pipe learns of
     * the death first (the watcher's exit signal is queued ahead of the socket's poll): the reply
     * already sent must still complete the call (AsyncRequests' ReadBeforeFail; the
     * reference-fail-before-read mutant turns it into -ENOTCONN).
     */
    @Test
    void aReplySentBeforeTheWorkerDiedStillCompletesItsCall() throws Exception {
        WorkerCommand c = new WorkerCommand(CPrograms.build("unixsocket_worker").toString(), "");
        try (ReferencePipe pipe = open(c, PipeOptions.defaults())) {
            assertThat(PipeConformanceTest.getValue(pipe, 1)).isEqualTo(1337);
            CountDownLatch exitQueued = new CountDownLatch(1);
            // Connected after the pipe's own queued slot, so by the time this runs (on the watcher
            // thread) the pipe's exit message is already in its thread's queue.
            pipe.workerExited().connect(status -> exitQueued.countDown());
            IPCMessage out = new IPCMessage();
            var call = pipe.call(new IPCMessage(1, 2, new byte[0]), out);
            assertThat(new FdPoll().poll(pipe.socket().fd(), Libc.POLLIN, 5000))
                    .as("the reply is in the socket, unread").isNotZero();
            // A reply is two datagrams: readable means the first is in. The worker is back in its
            // poll(2) (syscall 7) only once it has sent the second. Killed before that, the reply
            // is cut in half and -ENOTCONN is right (seen once with a second test JVM beside this one).
            int pid = pipe.workerPid();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                String syscall = Files.readString(Path.of("/proc", Integer.toString(pid), "syscall"));
                return syscall.startsWith("7 ") || syscall.startsWith("271 ");
            });
            Libc.kill(pid, Libc.SIGKILL);
            assertThat(exitQueued.await(5, TimeUnit.SECONDS)).as("the watcher saw the death").isTrue();
            while (!call.isDone()) {
                pipe.thread().eventDispatcher().processEvents();
            }
            assertThat(call.join()).as("the reply, not the death").isZero();
            assertThat(IpaCodec.readU32s(out.data(), 1)[0]).isEqualTo(1337);
            assertThat(pipe.death()).as("the death is still reported").isNotNull();
        }
    }

    @Test
    void aReplyAfterItsDeadlineIsDroppedAndCountedNotEmitted() {
        List<IPCMessage.Header> events = Collections.synchronizedList(new ArrayList<>());
        try (ReferencePipe pipe = new ReferencePipe(SimIpa.command(IpaProfile.parse("stop=latency:600")),
                PipeOptions.defaults().withTimeout(java.time.Duration.ofMillis(200)))) {
            PipeFaultTest.awaitReady(pipe);
            // The replies to awaitReady's timed-out inits came before its last reply (one FIFO worker).
            long before = pipe.staleReplies();
            pipe.recv().connect(m -> events.add(m.header()));
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 1, new byte[0]), new IPCMessage()))
                    .isEqualTo(-Libc.ETIMEDOUT);
            // Run the loop until the late reply came (a guard timer bounds the wait).
            Timer guard = new Timer();
            guard.start(java.time.Duration.ofSeconds(10));
            while (pipe.staleReplies() == before && guard.isRunning()) {
                pipe.thread().eventDispatcher().processEvents();
            }
            guard.stop();
            assertThat(pipe.staleReplies()).isEqualTo(before + 1);
            assertThat(events).isEmpty();
        }
    }
}
