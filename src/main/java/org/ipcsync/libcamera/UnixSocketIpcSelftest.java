package org.ipcsync.libcamera;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;

/**
 * libcamera's IPC test protocol ({@code test/ipc/unixsocket_ipc}) run from one of the kit's pipe
 * designs against a worker binary: start it, sync get (1337), async set 9001, sync get (9001),
 * async exit, and the worker must then end by itself. With {@code fdEcho}, one extra sync call
 * (cmd 3, the kit's own) sends two temp files' fds that the worker answers with
 * {@code u32 length, bytes} per file; libcamera's worker does not know cmd 3, so it is off by default.
 *
 * <p>libcamera's test does not check the worker's exit status, and its worker leaves with
 * EXIT_FAILURE on exit (its exit code starts as a failure and the exit command does not change
 * it): the last step passes on any exit and prints the status.
 *
 * <p>Threads: {@link #run} drives the pipe from the calling thread, which runs the nested
 * design's event loop while a call waits. One PASS/FAIL line per step; stops at the first FAIL.
 */
public final class UnixSocketIpcSelftest {
    /** The commands of libcamera's test protocol, plus the kit's fd-echo call. */
    static final int CMD_EXIT = 0;
    static final int CMD_GET_SYNC = 1;
    static final int CMD_SET_ASYNC = 2;
    static final int CMD_FD_ECHO = 3;
    static final int INITIAL = 1337;
    static final int CHANGED = 9001;
    /** How long the worker gets to end after exit before the step fails. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(2);

    private final PipeDesign design;
    private final WorkerCommand worker;
    private final Duration timeout;
    private final boolean fdEcho;
    private final PrintStream out;
    private int cookie;

    /** {@code timeout} null: the design's libcamera default. */
    public UnixSocketIpcSelftest(PipeDesign design, WorkerCommand worker, Duration timeout, boolean fdEcho, PrintStream out) {
        this.design = design;
        this.worker = worker;
        this.timeout = timeout;
        this.fdEcho = fdEcho;
        this.out = out;
    }

    /** Runs the steps; true when every one passed. */
    public boolean run() throws IOException {
        out.printf("ipc-selftest: design %s, worker %s '%s' <fd>%s%n", design, worker.executable(),
                worker.modulePath(), fdEcho ? ", with the fd-echo call" : "");
        PipeOptions options = timeout == null ? PipeOptions.defaults() : PipeOptions.defaults().withTimeout(timeout);
        try (IPCPipe pipe = design.create(worker, options)) {
            CountDownLatch exited = new CountDownLatch(1);
            AtomicInteger status = new AtomicInteger(-1);
            pipe.workerExited().connect(s -> {
                status.set(s);
                exited.countDown();
            });
            boolean ok = step("start worker", pipe.isConnected() ? null : "the worker could not be started")
                    && step("sync get returns " + INITIAL, expectValue(pipe, INITIAL))
                    && step("async set " + CHANGED, errno(pipe.sendAsync(message(CMD_SET_ASYNC, IpaCodec.u32s(CHANGED)))))
                    && step("sync get returns " + CHANGED, expectValue(pipe, CHANGED))
                    && (!fdEcho || step("sync call with two fds is answered with their bytes", fdEchoCall(pipe)))
                    && step("exit", errno(pipe.sendAsync(message(CMD_EXIT, new byte[0]))));
            if (!ok) {
                return false;
            }
            boolean ended = await(exited);
            return step(ended ? "worker exits after exit (status " + status.get() + ")" : "worker exits after exit",
                    ended ? null : "still running after " + EXIT_WAIT.toMillis() + " ms");
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private IPCMessage message(int cmd, byte[] data) {
        return new IPCMessage(cmd, cookie++, data);
    }

    private boolean step(String what, String failure) {
        out.printf("%s  %s%s%n", failure == null ? "PASS" : "FAIL", what, failure == null ? "" : ": " + failure);
        return failure == null;
    }

    private static String errno(int ret) {
        return ret == 0 ? null : "returned " + Errno.name(-ret);
    }

    private String expectValue(IPCPipe pipe, int expected) {
        IPCMessage request = message(CMD_GET_SYNC, new byte[0]);
        IPCMessage reply = new IPCMessage();
        int ret = pipe.sendSync(request, reply);
        if (ret != 0) {
            return "sendSync returned " + Errno.name(-ret);
        }
        if (!reply.header().equals(request.header())) {
            return "reply header " + reply.header() + ", expected " + request.header();
        }
        byte[] data = reply.data();
        if (data.length != 4) {
            return "reply carries " + data.length + " argument bytes, expected 4";
        }
        int value = IpaCodec.readU32s(data, 1)[0];
        return value == expected ? null : "got " + value;
    }

    private String fdEchoCall(IPCPipe pipe) throws IOException {
        Path dir = Files.createTempDirectory("ipc-selftest");
        String[] contents = {"first file for the worker", "second file, a little longer than the first"};
        int[] fds = new int[2];
        try {
            for (int i = 0; i < 2; i++) {
                Path f = Files.writeString(dir.resolve("file" + i), contents[i]);
                fds[i] = Libc.open(f.toString(), Libc.O_RDONLY);
            }
            IPCMessage request = new IPCMessage(new IPCMessage.Header(CMD_FD_ECHO, cookie++), new byte[0], fds);
            IPCMessage reply = new IPCMessage();
            int ret = pipe.sendSync(request, reply);
            if (ret != 0) {
                return "sendSync returned " + Errno.name(-ret);
            }
            ByteBuffer r = ByteBuffer.wrap(reply.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 2; i++) {
                if (r.remaining() < 4 || r.getInt(r.position()) > r.remaining() - 4) {
                    return "reply too short for file " + i;
                }
                byte[] got = new byte[r.getInt()];
                r.get(got);
                String text = new String(got, StandardCharsets.UTF_8);
                if (!text.equals(contents[i])) {
                    return "file " + i + " came back as '" + text + "'";
                }
            }
            return r.hasRemaining() ? r.remaining() + " unexpected trailing bytes" : null;
        } finally {
            for (int fd : fds) {
                if (fd > 0) {
                    Libc.close(fd);
                }
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
