package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IpcCallException;
import org.ipcsync.pipe.ReferenceClient;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;
import org.junit.jupiter.api.Test;

/**
 * Uses only the public API a project gets from the installed ipcsync artifact: a
 * ReferenceClient to sim-ipa (a Java worker) and to the kit's C worker, calls from this thread,
 * and a worker crash in the middle of a call.
 */
class ReferencePipeConsumerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static int u32(IPCMessage m) {
        return ByteBuffer.wrap(m.data()).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static byte[] u32s(int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        return b.array();
    }

    private static WorkerCommand cWorker() {
        return new WorkerCommand(System.getProperty("consumer.cworker"), "");
    }

    @Test
    void callsReachSimIpaAndTheCWorker() throws Exception {
        for (WorkerCommand worker : new WorkerCommand[] {SimIpa.unixSocketTestCommand(), cWorker()}) {
            try (ReferenceClient client = ReferenceClient.start(worker, TIMEOUT)) {
                assertEquals(1337, u32(client.callBlocking(1, new byte[0], new int[0])));
                assertEquals(0, client.send(2, u32s(9001), new int[0]));
                assertEquals(9001, u32(client.callBlocking(1, new byte[0], new int[0])));
            }
        }
    }

    @Test
    void aSimIpaWorkerThatDiesMidCallFailsTheCallWithItsSignalAndStderr() throws Exception {
        try (ReferenceClient client = ReferenceClient.start(SimIpa.command(IpaProfile.parse("stop=kill@1")), TIMEOUT)) {
            assertEquals(0, u32(client.callBlocking(IpaCommand.INIT.code, u32s(0), new int[0])));
            IpcCallException e = assertThrows(IpcCallException.class,
                    () -> client.callBlocking(IpaCommand.STOP.code, new byte[0], new int[0]));
            assertEquals(IpcCallException.Kind.WORKER_DIED, e.kind());
            assertEquals(9, e.death().exit().signal());
            assertTrue(e.death().stderrTail().contains("scripted SIGKILL"), e.death().describe());
            IpcCallException later = assertThrows(IpcCallException.class,
                    () -> client.callBlocking(IpaCommand.START.code, new byte[0], new int[0]));
            assertEquals(IpcCallException.Kind.WORKER_DIED, later.kind());
        }
    }

    @Test
    void theCWorkerKilledMidCallFailsThePendingCall() throws Exception {
        try (ReferenceClient client = ReferenceClient.start(cWorker(), TIMEOUT)) {
            assertEquals(1337, u32(client.callBlocking(1, new byte[0], new int[0])));
            // The C worker answers no unknown command: the call stays pending until the kill.
            CompletableFuture<IPCMessage> pending = client.call(99, new byte[0], new int[0]).toCompletableFuture();
            ProcessHandle.of(client.workerPid()).orElseThrow().destroyForcibly();
            ExecutionException e = assertThrows(ExecutionException.class, pending::get);
            IpcCallException cause = (IpcCallException) (e.getCause() instanceof IpcCallException
                    ? e.getCause() : e.getCause().getCause());
            assertEquals(IpcCallException.Kind.WORKER_DIED, cause.kind());
            assertEquals(9, cause.death().exit().signal());
        }
    }

    @Test
    void aLateReplyIsATimeoutAndIsDroppedNotDeliveredAsAnEvent() throws Exception {
        try (ReferenceClient client = ReferenceClient.start(SimIpa.command(IpaProfile.parse("stop=latency:1500")),
                Duration.ofMillis(1000))) {
            // Boot the worker JVM first: a cold start alone can take longer than the deadline.
            while (true) {
                try {
                    client.callBlocking(IpaCommand.INIT.code, u32s(0), new int[0]);
                    break;
                } catch (IpcCallException e) {
                    assertEquals(IpcCallException.Kind.TIMEOUT, e.kind());
                }
            }
            long before = client.staleReplies();
            java.util.List<IPCMessage> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            client.onEvent(events::add);
            IpcCallException e = assertThrows(IpcCallException.class,
                    () -> client.callBlocking(IpaCommand.STOP.code, new byte[0], new int[0]));
            assertEquals(IpcCallException.Kind.TIMEOUT, e.kind());
            // One worker answers in order: configure's reply comes after stop's late one.
            client.callBlocking(IpaCommand.CONFIGURE.code, u32s(640, 480), new int[0]);
            assertEquals(before + 1, client.staleReplies());
            assertTrue(events.isEmpty(), "no reply delivered as an event: " + events);
        }
    }
}
