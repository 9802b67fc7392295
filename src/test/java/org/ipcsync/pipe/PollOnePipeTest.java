package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.WrongThreadException;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.junit.jupiter.api.Test;

/**
 * What only the poll-one design does, against a real sim-ipa worker: messages read while a call
 * polls its own socket that are not its reply go to the event path only once the thread's loop
 * runs its queue, after the call returned, in the order they were read; the call belongs to the
 * pipe's thread; closing drops what was never delivered.
 */
class PollOnePipeTest {
    /** start sends two events before its reply and one after it. */
    private static final IpaProfile EVENTS_AROUND_START = IpaProfile.parse("start=events-before:2,events-after:1");
    private static final IPCMessage.Header START = new IPCMessage.Header(IpaCommand.START.code, 1);
    private static final String POLL_ONE = "poll-one";

    @Test
    void eventsReadDuringACallReachRecvOnlyWhenTheLoopRunsAfterItReturned() {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        PipeConformanceTest.Recorder recorder = new PipeConformanceTest.Recorder();
        List<IPCMessage> events = Collections.synchronizedList(new ArrayList<>());
        try (IPCPipe pipe = PipeConformanceTest.open(POLL_ONE, SimIpa.command(EVENTS_AROUND_START),
                PipeOptions.defaults().withTimeout(PipeConformanceTest.TEST_TIMEOUT).withObserver(recorder))) {
            pipe.recv().connect(events::add);
            PipeFaultTest.awaitReady(pipe);
            recorder.log.clear();
            assertThat(pipe.sendSync(new IPCMessage(START, new byte[0], new int[0]), new IPCMessage())).isZero();
            // Both events came before the reply on the one socket, so the call read them first ...
            assertThat(recorder.snapshot()).containsExactly("started " + START, "event cmd 2 cookie 0",
                    "event cmd 2 cookie 0", "reply " + START, "wait ended " + START + " complete",
                    "returned " + START + " -> 0");
            // ... but handed none of them to recv while it ran: they wait in this thread's queue.
            assertThat(events).as("recv during the call").isEmpty();
            LoopThread.current().dispatchMessages(null);
            assertThat(events).as("recv once the queue is dispatched").hasSize(2)
                    .allSatisfy(e -> assertThat(e.header()).isEqualTo(new IPCMessage.Header(2, 0)));
        }
        before.assertNothingLeaked();
    }

    @Test
    void closingDropsDeferredEventsThatWereNeverDelivered() {
        PipeConformanceTest.Baseline before = PipeConformanceTest.Baseline.take();
        List<IPCMessage> events = Collections.synchronizedList(new ArrayList<>());
        try (IPCPipe pipe = PipeConformanceTest.open(POLL_ONE, SimIpa.command(EVENTS_AROUND_START),
                PipeOptions.defaults().withTimeout(PipeConformanceTest.TEST_TIMEOUT))) {
            pipe.recv().connect(events::add);
            PipeFaultTest.awaitReady(pipe);
            assertThat(pipe.sendSync(new IPCMessage(START, new byte[0], new int[0]), new IPCMessage())).isZero();
        }
        LoopThread.current().dispatchMessages(null);
        assertThat(events).as("recv after close").isEmpty();
        before.assertNothingLeaked();
    }

    @Test
    void aSyncCallFromAnotherThreadThanThePipesIsRefused() throws Exception {
        try (IPCPipe pipe = PipeConformanceTest.open(POLL_ONE, SimIpa.command(IpaProfile.fast()),
                PipeOptions.defaults())) {
            CompletableFuture<Integer> other = CompletableFuture.supplyAsync(
                    () -> pipe.sendSync(new IPCMessage(START, new byte[0], new int[0]), new IPCMessage()));
            assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WrongThreadException.class)
                    .hasMessageContaining("the thread that created the pipe");
        }
    }
}
