package org.ipcsync.pipe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.time.Duration;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;
import org.ipcsync.worker.WorkerCommand;
import org.ipcsync.worker.WorkerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the pipeline's end of the socket shows when the worker dies, with the pipeline's
 * copy of the worker's end closed after the spawn (upstream's nested pipe) or kept open (the
 * patch's threaded pipe). Measured on real sockets with the C worker; the facts decide what a
 * pending call can notice (libcamera's read notifier polls for POLLIN only and is activated by
 * nothing else), and so the model's PromptErrorOnExit verdict.
 *
 * <p>Measured here (Linux, SOCK_DGRAM socketpair), in both cases: poll for POLLIN reports nothing
 * new when the worker dies, not even POLLERR or POLLHUP, and a 200 ms poll sleeps its full time;
 * a reply the worker sent before dying stays readable; recv then returns EAGAIN. With the copy
 * closed, the first send fails with ECONNREFUSED and every later one with ENOTCONN, and that
 * first failed send purges the datagrams still unread on the pipeline's end. With the copy kept,
 * every send succeeds into the dead end's buffer until it is full, then EAGAIN. So neither design
 * can learn of the death through its socket: a pending call waits to its deadline; a later call
 * fails at once on the nested design (its send) and waits its full deadline on the threaded one.
 */
class DeadWorkerSocketTest {
    /** One datagram, a pipe's small async message. */
    private static final IPCUnixSocket.Payload MESSAGE =
            new IPCUnixSocket.Payload(new IPCMessage(2, 1, new byte[4]).toBytes(), new int[0]);

    @ParameterizedTest(name = "copy of the worker's end {0}")
    @ValueSource(strings = {"closed", "kept"})
    void aDeadWorkerIsInvisibleToTheReader(String copy) throws Exception {
        boolean kept = copy.equals("kept");
        LoopThread.current().eventDispatcher();
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.LIBCAMERA);
        int peer = socket.create();
        WorkerProcess worker = WorkerProcess.start(new WorkerCommand(CPrograms.build("unixsocket_worker").toString(),
                ""), peer);
        if (!kept) {
            Libc.close(peer);
        }
        try {
            answerThenDie(socket, worker);

            short afterDeath = revents(socket.fd(), 0);
            int readable = countReadable(socket.fd());
            short drained = revents(socket.fd(), 200);
            int firstSend = socket.send(MESSAGE);
            int secondSend = socket.send(MESSAGE);
            int sent = 2;
            int lastSend = secondSend;
            while (lastSend == 0 && sent < 100_000) {
                lastSend = socket.send(MESSAGE);
                sent++;
            }
            System.out.printf("copy %s: worker dead; poll(POLLIN) revents 0x%x with the reply unread, %d datagrams"
                    + " readable, then revents 0x%x after a 200 ms poll; send #1 %d, #2 %d, first failing send #%d:"
                    + " %d%n", copy, afterDeath, readable, drained, firstSend, secondSend, sent, lastSend);
            assertThat(afterDeath).as("only the unread reply shows").isEqualTo(Libc.POLLIN);
            assertThat(readable).as("the reply's header and data").isEqualTo(2);
            assertThat(drained).as("nothing wakes a reader: no POLLIN, POLLERR or POLLHUP").isZero();
            if (kept) {
                assertThat(firstSend).as("sends succeed into the dead end's buffer").isZero();
                assertThat(secondSend).isZero();
                assertThat(sent).as("until it is full").isGreaterThan(50);
                assertThat(lastSend).isEqualTo(-Libc.EAGAIN);
            } else {
                assertThat(firstSend).isEqualTo(-Libc.ECONNREFUSED);
                assertThat(secondSend).isEqualTo(-Libc.ENOTCONN);
            }
        } finally {
            worker.close();
            socket.close();
            if (kept) {
                Libc.close(peer);
            }
        }
    }

    /** With the copy closed, the first refused send purges what the pipeline had not read yet; kept, nothing is lost. */
    @ParameterizedTest(name = "copy of the worker's end {0}")
    @ValueSource(strings = {"closed", "kept"})
    void aFailedSendToADeadWorkerPurgesUnreadReplies(String copy) throws Exception {
        boolean kept = copy.equals("kept");
        LoopThread.current().eventDispatcher();
        IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.LIBCAMERA);
        int peer = socket.create();
        WorkerProcess worker = WorkerProcess.start(new WorkerCommand(CPrograms.build("unixsocket_worker").toString(),
                ""), peer);
        if (!kept) {
            Libc.close(peer);
        }
        try {
            answerThenDie(socket, worker);
            int send = socket.send(MESSAGE);
            int readable = countReadable(socket.fd());
            System.out.printf("copy %s: send after death %d, then %d datagrams readable%n", copy, send, readable);
            assertThat(readable).isEqualTo(kept ? 2 : 0);
        } finally {
            worker.close();
            socket.close();
            if (kept) {
                Libc.close(peer);
            }
        }
    }

    /**
     * A get (cmd 1), then Exit: the worker sends the whole reply (header and data), which waits
     * unread on our end, and ends. Its death leaves the socket as a SIGKILL would (the kernel
     * closes a dead process's fds either way; PipeFaultTest kills mid-call); ending by Exit makes
     * sure the reply is complete before the death.
     */
    private static void answerThenDie(IPCUnixSocket socket, WorkerProcess worker) throws InterruptedException {
        assertThat(socket.send(new IPCUnixSocket.Payload(new IPCMessage(1, 0, new byte[0]).toBytes(),
                new int[0]))).isZero();
        assertThat(socket.send(new IPCUnixSocket.Payload(new IPCMessage(0, 1, new byte[0]).toBytes(),
                new int[0]))).isZero();
        assertThat(worker.waitFor(Duration.ofSeconds(5))).as("the worker ended").isTrue();
    }

    /** poll() for POLLIN only, as libcamera's notifier does: the revents it reports (0 on timeout). */
    static short revents(int fd, int timeoutMs) {
        Memory pfd = new Memory(8);
        pfd.setInt(0, fd);
        pfd.setShort(4, Libc.POLLIN);
        pfd.setShort(6, (short) 0);
        return Libc.poll(pfd, 1L, timeoutMs) == 0 ? 0 : pfd.getShort(6);
    }

    /** Reads datagrams without waiting until recv fails; the count (the failure must be EAGAIN). */
    private static int countReadable(int fd) {
        Memory buf = new Memory(65536);
        int n = 0;
        while (true) {
            try {
                Libc.recv(fd, buf, buf.size(), Libc.MSG_DONTWAIT);
                n++;
            } catch (LastErrorException e) {
                assertThat(e.getErrorCode()).as("recv's error on an empty socket").isEqualTo(Libc.EAGAIN);
                return n;
            }
        }
    }
}
