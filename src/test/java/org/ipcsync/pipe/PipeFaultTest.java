package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A misbehaving or dying worker, per design. */
class PipeFaultTest {
    static List<String> designs() {
        return DesignCatalog.pipeNames();
    }

    /**
     * Calls init until one call succeeds: sim-ipa is a JVM, and its start-up can outlast a
     * design's deadline on a busy machine. A timed-out init's late reply comes back as an event.
     */
    static void awaitReady(IPCPipe pipe) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int cookie = 1000;
        while (pipe.sendSync(new IPCMessage(IpaCommand.INIT.code, cookie++, IpaCodec.u32s(0)), new IPCMessage()) != 0) {
            assertThat(System.nanoTime()).as("worker never answered init").isLessThan(deadline);
        }
    }

    /** The kit's strict reader (an explicit option, not libcamera's): garbage is dropped with a reason. */
    @ParameterizedTest
    @MethodSource("designs")
    void withTheStrictReaderGarbageFromTheWorkerIsReportedAndThePipeKeepsWorking(String design) {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        IpaProfile profile = IpaProfile.parse("start=truncated@1;configure=garbage@1;unmapBuffers=wrong-cookie@1");
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        try (IPCPipe pipe = PipeConformanceTest.open(design, SimIpa.command(profile),
                PipeOptions.defaults().withTimeout(Duration.ofMillis(400)).withObserver(recorder)
                        .withReader(IPCUnixSocket.Reader.STRICT))) {
            awaitReady(pipe);
            IPCMessage out = new IPCMessage();
            recorder.log.clear();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.START.code, 1, new byte[0]), out))
                    .isEqualTo(-Libc.ETIMEDOUT);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.CONFIGURE.code, 2, IpaCodec.u32s(640, 480)), out))
                    .isEqualTo(-Libc.ETIMEDOUT);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.UNMAP_BUFFERS.code, 3, IpaCodec.u32s(0)), out))
                    .isEqualTo(-Libc.ETIMEDOUT);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 4, new byte[0]), out)).isZero();
            assertThat(out.header()).isEqualTo(new IPCMessage.Header(IpaCommand.STOP.code, 4));
            assertThat(recorder.snapshot()).anyMatch(l -> l.matches("dropped message of [1-7] bytes, shorter than its header"))
                    .contains("dropped data datagram of 12 bytes, header announced 28",
                            "event cmd 6 cookie 4", "returned cmd 3 cookie 4 -> 0");
        }
        before.assertNothingLeaked();
    }

    /**
     * libcamera's reader, the faithful designs' default: a message shorter than its header is
     * dropped by the pipe; a data datagram shorter than its header announced is taken, zero-padded
     * to the announced size, so a reply announced 16 bytes too long completes its call.
     */
    @ParameterizedTest
    @MethodSource("designs")
    void withLibcamerasReaderAShortDataDatagramIsTakenZeroPadded(String design) {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        IpaProfile profile = IpaProfile.parse("start=truncated@1;configure=garbage@1;unmapBuffers=wrong-cookie@1");
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        try (IPCPipe pipe = PipeConformanceTest.open(design, SimIpa.command(profile),
                PipeOptions.defaults().withTimeout(Duration.ofMillis(400)).withObserver(recorder))) {
            awaitReady(pipe);
            IPCMessage out = new IPCMessage();
            recorder.log.clear();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.START.code, 1, new byte[0]), out))
                    .isEqualTo(-Libc.ETIMEDOUT);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.CONFIGURE.code, 2, IpaCodec.u32s(640, 480)), out))
                    .isZero();
            assertThat(out.header()).isEqualTo(new IPCMessage.Header(IpaCommand.CONFIGURE.code, 2));
            assertThat(out.data()).as("status, then the 16 bytes the header announced but never came")
                    .isEqualTo(java.nio.ByteBuffer.allocate(20).array());
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.UNMAP_BUFFERS.code, 3, IpaCodec.u32s(0)), out))
                    .isEqualTo(-Libc.ETIMEDOUT);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 4, new byte[0]), out)).isZero();
            assertThat(recorder.snapshot()).anyMatch(l -> l.matches("dropped message of [1-7] bytes, shorter than its header"))
                    .contains("reply cmd 4 cookie 2", "event cmd 6 cookie 4", "returned cmd 3 cookie 4 -> 0")
                    .noneMatch(l -> l.startsWith("dropped data datagram"));
        }
        before.assertNothingLeaked();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void unknownCommandsAndBadArgumentsDoNotStopTheWorker(String design) {
        try (IPCPipe pipe = PipeConformanceTest.open(design, SimIpa.command(IpaProfile.fast()),
                PipeOptions.defaults().withTimeout(PipeConformanceTest.TEST_TIMEOUT))) {
            IPCMessage out = new IPCMessage();
            assertThat(pipe.sendAsync(new IPCMessage(99, 0, new byte[0]))).isZero();
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.CONFIGURE.code, 1, IpaCodec.u32s(640)), out)).isZero();
            assertThat(IpaCodec.readStatus(out.data())).isEqualTo(-Libc.EINVAL);
            assertThat(pipe.sendSync(new IPCMessage(IpaCommand.CONFIGURE.code, 2, IpaCodec.u32s(640, 480)), out))
                    .isZero();
            assertThat(IpaCodec.readStatus(out.data())).isZero();
        }
    }

    /**
     * The worker SIGKILLs itself on receiving stop. Neither design watches the process, and the
     * socket shows nothing (DeadWorkerSocketTest), so the call runs into its own libcamera deadline
     * (the defaults), while workerExited fires. Afterwards the designs differ as their code does:
     * the nested pipe closed its copy of the worker's end, so its next sends fail at once
     * (ECONNREFUSED, then ENOTCONN); the threaded pipe keeps that copy open, so an async message
     * is accepted and vanishes, and the next sync call waits its full deadline again.
     */
    @ParameterizedTest
    @MethodSource("designs")
    void aWorkerKilledInTheMiddleOfASyncCallMakesItTimeOutAtItsDeadline(String design) {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        Duration deadline = DesignCatalog.pipe(design).defaultTimeout();
        List<Integer> exits = Collections.synchronizedList(new ArrayList<>());
        long[] exitedAt = new long[1];
        try (IPCPipe pipe = PipeConformanceTest.open(design, SimIpa.command(IpaProfile.parse("stop=kill@1")),
                PipeOptions.defaults())) {
            pipe.workerExited().connect(status -> {
                exitedAt[0] = System.nanoTime();
                exits.add(status);
            });
            awaitReady(pipe);
            long start = System.nanoTime();
            int ret = pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 1, new byte[0]), new IPCMessage());
            long elapsed = System.nanoTime() - start;
            System.out.printf("%s: SIGKILL mid-call: returned %d after %.1f ms (deadline %d ms); worker exit"
                    + " seen %.1f ms into the call, status %s%n", design, ret, elapsed / 1e6, deadline.toMillis(),
                    (exitedAt[0] - start) / 1e6, exits);
            assertThat(ret).isEqualTo(-Libc.ETIMEDOUT);
            assertThat(elapsed).isBetween(deadline.toNanos(), deadline.plusMillis(500).toNanos());
            assertThat(exits).containsExactly(128 + Libc.SIGKILL);

            int async = pipe.sendAsync(new IPCMessage(IpaCommand.QUEUE_REQUEST.code, 2, IpaCodec.u32s(1)));
            long next = System.nanoTime();
            int later = pipe.sendSync(new IPCMessage(IpaCommand.START.code, 3, new byte[0]), new IPCMessage());
            long laterElapsed = System.nanoTime() - next;
            System.out.printf("%s: after the death, async send %d, next sync call %d after %.1f ms%n", design, async,
                    later, laterElapsed / 1e6);
            if (design.equals("nested")) {
                assertThat(async).isEqualTo(-Libc.ECONNREFUSED);
                assertThat(later).isEqualTo(-Libc.ENOTCONN);
                assertThat(laterElapsed).isLessThan(deadline.toNanos() / 2);
            } else {
                assertThat(async).as("accepted into the dead worker's buffer").isZero();
                assertThat(later).isEqualTo(-Libc.ETIMEDOUT);
                assertThat(laterElapsed).isGreaterThanOrEqualTo(deadline.toNanos());
            }
        }
        before.assertNothingLeaked();
    }

    @Test
    void theThreadedDesignAllowsOnlyOnePendingSyncCall() throws Exception {
        CountDownLatch firstSent = new CountDownLatch(1);
        PipeObserver observer = new PipeObserver() {
            @Override
            public void syncCallStarted(IPCMessage.Header request) {
                if (request.cookie() == 1) {
                    firstSent.countDown();
                }
            }
        };
        try (IPCPipe pipe = PipeConformanceTest.open("threaded", SimIpa.command(IpaProfile.parse("stop=latency:400")),
                PipeOptions.defaults().withTimeout(PipeConformanceTest.TEST_TIMEOUT).withObserver(observer))) {
            awaitReady(pipe);
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> pipe.sendSync(new IPCMessage(IpaCommand.STOP.code, 1, new byte[0]), new IPCMessage()));
            assertThat(firstSent.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> pipe.sendSync(new IPCMessage(IpaCommand.START.code, 2, new byte[0]),
                    new IPCMessage())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is pending: the threaded design allows one");
            assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void unknownDesignsAreRefusedWithTheKnownNames() {
        assertThatThrownBy(() -> DesignCatalog.pipe("polled"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested, threaded");
        assertThatThrownBy(() -> DesignCatalog.pipe("nested-cross-thread"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no pipe");
        assertThat(DesignCatalog.pipe("nested").defaultTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(DesignCatalog.pipe("threaded").defaultTimeout()).isEqualTo(Duration.ofMillis(1000));
    }
}
