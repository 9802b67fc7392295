package org.ipcsync.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.ipcsync.libcamera.UnixSocketIpcSelftest;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.worker.WorkerCommand;

/**
 * `./kit ipc-selftest --design D --worker CMD [MODULE] [--timeout MS] [--fd-echo]`: runs
 * libcamera's unixsocket_ipc test protocol ({@link UnixSocketIpcSelftest}) against any worker
 * binary, started as {@code CMD MODULE <fd>} (MODULE defaults to the empty string, as libcamera's
 * test passes); {@code --fd-echo} adds the kit's two-fd call, which libcamera's own test worker
 * does not know. One PASS/FAIL line per step; exit status 1 on the first failure.
 */
public final class IpcSelftestCommand implements KitCommand {
    private final PrintStream out;

    public IpcSelftestCommand() {
        this(System.out);
    }

    public IpcSelftestCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "ipc-selftest";
    }

    @Override
    public String summary() {
        return "check a libcamera-style IPA worker binary over a pipe design (--design D --worker CMD [MODULE] [--fd-echo])";
    }

    @Override
    public int run(String[] args) throws Exception {
        String design = null;
        String executable = null;
        String module = "";
        Duration timeout = null;
        boolean fdEcho = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--design" -> design = value(args, ++i, "--design");
                case "--worker" -> {
                    executable = value(args, ++i, "--worker");
                    if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        module = args[++i];
                    }
                }
                case "--timeout" -> timeout = Duration.ofMillis(number(value(args, ++i, "--timeout")));
                case "--fd-echo" -> fdEcho = true;
                default -> throw new UsageException("unexpected argument '" + args[i]
                        + "' (usage: --design D --worker CMD [MODULE] [--timeout MS] [--fd-echo])");
            }
        }
        if (design == null || executable == null) {
            throw new UsageException("--design and --worker are required (designs: " + PipeDesigns.names() + ")");
        }
        if (!PipeDesigns.names().contains(design)) {
            throw new UsageException("unknown design '" + design + "' (designs: " + PipeDesigns.names() + ")");
        }
        WorkerCommand worker = new WorkerCommand(Path.of(executable).toAbsolutePath().toString(), module);
        return new UnixSocketIpcSelftest(design, worker, timeout, fdEcho, out).run() ? 0 : 1;
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
    }

    private static long number(String s) throws UsageException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + s + "' is not a number of milliseconds");
        }
    }
}
