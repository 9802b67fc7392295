package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.ConnectionType;
import org.ipcsync.runtime.EventDispatcher;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Timer;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.junit.jupiter.api.Test;

/**
 * NoMatchedReplyTimeout on real processes: a reply that the pipe matched to the pending call (and
 * so consumed) must never be reported to the caller as a timeout. The worker answers stop
 * {@link #LATENCY} late, well after the call's {@link #TIMEOUT}; a {@link HoldingObserver} keeps
 * the caller in the window between the end of its wait and its cleanup until the reply has
 * landed. The faithful designs follow their code, so these tests find the counterexample where
 * the code has it, and would fail on a pipe that re-checked for a matched reply in its cleanup.
 */
class MatchedReplyTimeoutTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);
    /** Far past the timeout, so the reply never completes the wait itself on a busy machine. */
    private static final Duration LATENCY = Duration.ofMillis(1500);
    private static final IPCMessage.Header STOP = new IPCMessage.Header(IpaCommand.STOP.code, 1);

    private static IpaProfile slowStop() {
        return IpaProfile.parse("stop=latency:" + LATENCY.toMillis());
    }

    /**
     * threaded: the receiver thread matches the reply while the caller is held after its wait
     * timed out; the patch's cleanup clears pending and returns -ETIMEDOUT anyway, and the
     * consumed reply never reaches the event path.
     */
    @Test
    void threadedReportsAMatchedReplyAsATimeout() throws Exception {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        HoldingObserver holding = new HoldingObserver(recorder, Duration.ofSeconds(20), STOP::equals);
        List<IPCMessage> events = Collections.synchronizedList(new ArrayList<>());
        try (IPCPipe pipe = PipeConformanceTest.open("threaded", SimIpa.command(slowStop()),
                PipeOptions.defaults().withTimeout(TIMEOUT).withObserver(holding))) {
            pipe.recv().connect(events::add);
            PipeFaultTest.awaitReady(pipe);
            recorder.log.clear();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(
                    () -> pipe.sendSync(new IPCMessage(STOP, new byte[0], new int[0]), new IPCMessage()));
            await().atMost(Duration.ofSeconds(20)).until(() -> recorder.log.contains("reply " + STOP));
            holding.release();
            int ret = call.get(20, TimeUnit.SECONDS);
            System.out.println("threaded, reply landed in the held window: returned " + ret + ", log " + recorder.snapshot());
            assertThat(ret).as("a matched, consumed reply reported as a timeout").isEqualTo(-Libc.ETIMEDOUT);
            assertThat(recorder.snapshot()).containsSubsequence("started " + STOP, "wait ended " + STOP + " incomplete",
                    "reply " + STOP, "returned " + STOP + " -> " + -Libc.ETIMEDOUT);
            assertThat(recorder.snapshot()).noneMatch(l -> l.equals("event " + STOP));
            assertThat(events).as("the reply was consumed, not emitted").noneMatch(e -> e.header().equals(STOP));
        }
        before.assertNothingLeaked();
    }

    /**
     * nested, caller in the socket's thread (libcamera's usual case): the held thread is the
     * only one that reads the socket, so the reply cannot be matched in the window; the call
     * returns -ETIMEDOUT with its reply unread, and the reply then reaches the event path as a late
     * reply. The same setup cannot produce the counterexample.
     */
    @Test
    void nestedInTheSocketsThreadCannotMatchAReplyInTheWindow() throws Exception {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        // The hold ends by itself (nobody else can release it): it spans the reply's arrival.
        HoldingObserver holding = new HoldingObserver(recorder, LATENCY.multipliedBy(2), STOP::equals);
        List<IPCMessage> events = Collections.synchronizedList(new ArrayList<>());
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        Timer tick = new Timer();
        tick.timeout.connect(v -> tick.start(Duration.ofMillis(50)));
        try (IPCPipe pipe = PipeConformanceTest.open("nested", SimIpa.command(slowStop()),
                PipeOptions.defaults().withTimeout(TIMEOUT).withObserver(holding))) {
            pipe.recv().connect(events::add);
            PipeFaultTest.awaitReady(pipe);
            recorder.log.clear();
            events.clear();
            int ret = pipe.sendSync(new IPCMessage(STOP, new byte[0], new int[0]), new IPCMessage());
            List<String> atReturn = recorder.snapshot();
            tick.start(Duration.ofMillis(50));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (events.stream().noneMatch(e -> e.header().equals(STOP))) {
                assertThat(System.nanoTime()).as("the late reply as an event").isLessThan(deadline);
                loop.processEvents();
            }
            System.out.println("nested, same thread: returned " + ret + ", log " + recorder.snapshot());
            assertThat(ret).isEqualTo(-Libc.ETIMEDOUT);
            assertThat(atReturn).as("nothing matched while the caller was held").noneMatch(l -> l.startsWith("reply "))
                    .containsSubsequence("wait ended " + STOP + " incomplete", "returned " + STOP + " -> "
                            + -Libc.ETIMEDOUT);
            assertThat(recorder.snapshot()).contains("event " + STOP);
        } finally {
            tick.stop();
        }
        before.assertNothingLeaked();
    }

    /**
     * nested with the caller in another thread than the socket's (the patch author's setup): the
     * socket's thread sets the entry's done flag while the caller is held, and libcamera's loop,
     * having already seen its timer stopped, erases the entry and returns -ETIMEDOUT: the same
     * counterexample as threaded.
     */
    @Test
    void nestedWithACallerInAnotherThreadReportsAMatchedReplyAsATimeout() throws Exception {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        LoopThread callerThread = new LoopThread("caller");
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        HoldingObserver holding = new HoldingObserver(recorder, Duration.ofSeconds(20), STOP::equals);
        EventDispatcher loop = LoopThread.current().eventDispatcher();
        Timer tick = new Timer();
        tick.timeout.connect(v -> tick.start(Duration.ofMillis(50)));
        try (IPCPipe pipe = PipeConformanceTest.open("nested", SimIpa.command(slowStop()),
                PipeOptions.defaults().withTimeout(TIMEOUT).withObserver(holding))) {
            PipeFaultTest.awaitReady(pipe);
            recorder.log.clear();
            // A kit thread, so its loop (sendSync spins it) is released when it ends.
            callerThread.start();
            BoundObject inCaller = new BoundObject();
            inCaller.moveToThread(callerThread);
            CompletableFuture<Integer> call = new CompletableFuture<>();
            inCaller.invokeMethod("stop", () -> call.complete(
                    pipe.sendSync(new IPCMessage(STOP, new byte[0], new int[0]), new IPCMessage())),
                    ConnectionType.QUEUED);
            tick.start(Duration.ofMillis(50));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!recorder.log.contains("reply " + STOP)) {
                assertThat(System.nanoTime()).as("the reply, read by this (the socket's) thread").isLessThan(deadline);
                loop.processEvents();
            }
            holding.release();
            int ret = call.get(20, TimeUnit.SECONDS);
            System.out.println("nested, caller in another thread: returned " + ret + ", log " + recorder.snapshot());
            assertThat(ret).isEqualTo(-Libc.ETIMEDOUT);
            assertThat(recorder.snapshot()).containsSubsequence("wait ended " + STOP + " incomplete", "reply " + STOP,
                    "returned " + STOP + " -> " + -Libc.ETIMEDOUT);
        } finally {
            tick.stop();
            callerThread.exit();
            assertThat(callerThread.waitFor(Duration.ofSeconds(5))).isTrue();
        }
        before.assertNothingLeaked();
    }
}
