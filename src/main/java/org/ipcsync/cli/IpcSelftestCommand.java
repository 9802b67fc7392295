package org.ipcsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.libcamera.UnixSocketIpcSelftest;
import org.ipcsync.worker.WorkerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit ipc-selftest}: runs libcamera's unixsocket_ipc test protocol
 * ({@link UnixSocketIpcSelftest}) against any worker binary, started as {@code CMD MODULE <fd>}
 * (MODULE defaults to the empty string, as libcamera's test passes); {@code --fd-echo} adds the
 * kit's two-fd call, which libcamera's own test worker does not know. One PASS/FAIL line per
 * step; exit status 1 on the first failure.
 */
@Command(name = "ipc-selftest", sortOptions = false, sortSynopsis = false,
        description = "check a libcamera-style IPA worker binary over a pipe design",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every step passed", "1:a step failed (the FAIL line says which)", ExitCodes.USAGE_LINE,
            ExitCodes.ERROR_LINE})
public final class IpcSelftestCommand implements Callable<Integer> {
    @Option(names = "--design", paramLabel = "D", required = true, converter = PipeDesignConverter.class,
            completionCandidates = PipeDesignConverter.class, description = "the pipe design: ${COMPLETION-CANDIDATES}")
    private String design;

    @Option(names = "--worker", paramLabel = "CMD [MODULE]", arity = "1..2", required = true,
            description = "the worker binary, started as CMD MODULE <fd> (MODULE default: empty)")
    private List<String> worker;

    @Option(names = "--timeout", paramLabel = "MS",
            description = "sync-call timeout in ms (default: the design's own, as in libcamera)")
    private Long timeoutMs;

    @Option(names = "--fd-echo",
            description = "add the kit's sync call with two fds, answered with their bytes "
                    + "(libcamera's own test worker does not know it)")
    private boolean fdEcho;

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
        Duration timeout = timeoutMs == null ? null : Duration.ofMillis(timeoutMs);
        return new UnixSocketIpcSelftest(DesignCatalog.pipe(design), command, timeout, fdEcho, out).run() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
