package org.ipcsync.libcamera;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ipcsync.os.Libc;
import org.ipcsync.worker.WorkerCommand;

/**
 * Delays or kills a real, unmodified worker from outside: SIGSTOP holds it (a request sent
 * meanwhile waits in the socket), SIGCONT lets it answer late, SIGKILL crashes it. The pipe does
 * not expose its worker's pid, so the worker is started with a tag in its environment and found
 * among this JVM's children by that tag. Threads: safe from any thread.
 */
final class WorkerSignals {
    static final int SIGKILL = Libc.SIGKILL;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    private static final String TAG = "IPCSYNC_WORKER_TAG";

    private final int pid;

    private WorkerSignals(int pid) {
        this.pid = pid;
    }

    /** {@code command} with a fresh tag added to the worker's environment. */
    static WorkerCommand tagged(WorkerCommand command) {
        Map<String, String> env = new HashMap<>(command.env());
        env.put(TAG, UUID.randomUUID().toString());
        return new WorkerCommand(command.executable(), command.modulePath(), env);
    }

    /** This JVM's children now: take it before creating the pipe, pass it to {@link #find}. */
    static Set<Long> children() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The child started with {@code command}'s tag among those not in {@code before}, if exactly one fits. */
    static Optional<WorkerSignals> find(WorkerCommand command, Set<Long> before) {
        String wanted = TAG + "=" + command.env().get(TAG);
        List<Long> candidates = ProcessHandle.current().children().map(ProcessHandle::pid)
                .filter(pid -> !before.contains(pid))
                .filter(pid -> {
                    String env = environment(pid);
                    return env.length() <= 1 || env.contains("\0" + wanted + "\0");
                })
                .toList();
        return candidates.size() == 1 ? Optional.of(new WorkerSignals(candidates.get(0).intValue())) : Optional.empty();
    }

    private static String environment(long pid) {
        try {
            return "\0" + new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Sends {@code signal}; false if the process is gone. */
    boolean send(int signal) {
        try {
            Libc.kill(pid, signal);
            return true;
        } catch (com.sun.jna.LastErrorException e) {
            return false;
        }
    }
}
