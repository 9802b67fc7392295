package org.ipcsync.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.worker.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit ipc-selftest}: runs libcamera's unixsocket_ipc test protocol against any worker
 * binary, started as {@code CMD MODULE <fd>} (MODULE defaults to the empty string, as libcamera's
 * test passes), plus a sync call (cmd 3) sending two temp files' fds that the worker must answer
 * with {@code u32 length, bytes} per file. One PASS/FAIL line per step; exit status 1 on the first
 * failure.
 */
@Command(name = "ipc-selftest", sortOptions = false, sortSynopsis = false,
        description = "check a libcamera-style IPA worker binary over a pipe design",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every step passed", "1:a step failed (the FAIL line says which)", ExitCodes.USAGE_LINE,
            ExitCodes.ERROR_LINE})
public final class IpcSelftestCommand implements Callable<Integer> {
    private static final int INITIAL = 1337;
    private static final int CHANGED = 9001;

    @Option(names = "--design", paramLabel = "D", required = true, converter = PipeDesignConverter.class,
            completionCandidates = PipeDesignConverter.class, description = "the pipe design: ${COMPLETION-CANDIDATES}")
    private String design;

    @Option(names = "--worker", paramLabel = "CMD [MODULE]", arity = "1..2", required = true,
            description = "the worker binary, started as CMD MODULE <fd> (MODULE default: empty)")
    private List<String> worker;

    @Option(names = "--timeout", paramLabel = "MS",
            description = "sync-call timeout in ms (default: the design's own, see PipeDesigns)")
    private Long timeoutMs;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private final PrintStream out;

    /** The worker as parsed: CMD, then MODULE when given. */
    List<String> worker() {
        return List.copyOf(worker);
    }

    public IpcSelftestCommand() {
        this(System.out);
    }

    public IpcSelftestCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (timeoutMs != null && timeoutMs <= 0) {
            throw new UsageException("--timeout must be a positive number of milliseconds, got " + timeoutMs);
        }
        String module = worker.size() > 1 ? worker.get(1) : "";
        WorkerCommand command = new WorkerCommand(Path.of(worker.get(0)).toAbsolutePath().toString(), module);
        out.printf("ipc-selftest: design %s, worker %s '%s' <fd>%n", design, command.executable(), module);
        Duration timeout = timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
        return new Run(design, command, timeout).steps() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** One self-test run: the steps in order, stopping at the first failure. */
    private final class Run {
        private final String design;
        private final WorkerCommand worker;
        private final Duration timeout;
        private int cookie;

        Run(String design, WorkerCommand worker, Duration timeout) {
            this.design = design;
            this.worker = worker;
            this.timeout = timeout;
        }

        boolean steps() throws Exception {
            PipeOptions options = timeout == null ? PipeOptions.defaults() : PipeOptions.defaults().withTimeout(timeout);
            try (IPCPipe pipe = PipeDesigns.create(design, worker, options)) {
                CountDownLatch exited = new CountDownLatch(1);
                int[] status = {-1};
                pipe.workerExited().connect(s -> {
                    status[0] = s;
                    exited.countDown();
                });
                return step("start worker", pipe.isConnected() ? null : "the worker could not be started")
                        && step("sync get returns " + INITIAL, expectValue(pipe, INITIAL))
                        && step("async set " + CHANGED, errno(pipe.sendAsync(message(2, IpaCodec.u32s(CHANGED)))))
                        && step("sync get returns " + CHANGED, expectValue(pipe, CHANGED))
                        && step("sync call with two fds is answered with their bytes", fdEcho(pipe))
                        && step("exit", errno(pipe.sendAsync(message(0, new byte[0]))))
                        && step("worker exits with status 0", exited.await(2, TimeUnit.SECONDS)
                                ? (status[0] == 0 ? null : "exit status " + status[0]) : "still running after 2 s");
            }
        }

        private org.ipcsync.wire.IPCMessage message(int cmd, byte[] data) {
            return new org.ipcsync.wire.IPCMessage(cmd, cookie++, data);
        }

        private boolean step(String what, String failure) {
            out.printf("%s  %s%s%n", failure == null ? "PASS" : "FAIL", what, failure == null ? "" : ": " + failure);
            return failure == null;
        }

        private String errno(int ret) {
            return ret == 0 ? null : "returned " + Errno.name(-ret);
        }

        private String expectValue(IPCPipe pipe, int expected) {
            org.ipcsync.wire.IPCMessage request = message(1, new byte[0]);
            org.ipcsync.wire.IPCMessage reply = new org.ipcsync.wire.IPCMessage();
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

        private String fdEcho(IPCPipe pipe) throws Exception {
            Path dir = Files.createTempDirectory("ipc-selftest");
            String[] contents = {"first file for the worker", "second file, a little longer than the first"};
            int[] fds = new int[2];
            try {
                for (int i = 0; i < 2; i++) {
                    Path f = Files.writeString(dir.resolve("file" + i), contents[i]);
                    fds[i] = Libc.open(f.toString(), Libc.O_RDONLY);
                }
                org.ipcsync.wire.IPCMessage request = new org.ipcsync.wire.IPCMessage(
                        new org.ipcsync.wire.IPCMessage.Header(3, cookie++), new byte[0], fds);
                org.ipcsync.wire.IPCMessage reply = new org.ipcsync.wire.IPCMessage();
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
}
