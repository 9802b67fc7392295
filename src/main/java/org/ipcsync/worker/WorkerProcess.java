package org.ipcsync.worker;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.StringArray;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.Signal;

/**
 * An IPA worker process started the way libcamera's {@code Process::start} does: argv
 * {@code <executable> <modulePath> <fd>}, the socket inherited as fd {@link #CHILD_FD}, stdin and
 * stdout on /dev/null, stderr inherited, every other fd closed, signal mask empty and handlers
 * default. posix_spawn with {@code adddup2} + {@code addclosefrom_np} does it without a fork of
 * the JVM. Upstream keeps the fd's number from the parent; the kit picks a fixed one, which the
 * argv states either way.
 *
 * <p>A watcher thread waits for the exit, reaps the child and emits {@link #finished} (exit code,
 * or 128 + signal) from that thread, once; connect a bound object to get it queued in its own
 * thread. Threads: every method is safe from any thread.
 *
 * <p>stderr: inherited by default, or the write end of a pipe the caller reads
 * ({@link #start(WorkerCommand, int, int)}), so a design can report what a dying worker said.
 */
public final class WorkerProcess implements AutoCloseable {
    /** The fd number the worker finds its socket at: the first one after stdio. */
    public static final int CHILD_FD = 3;

    private final int pid;
    private final Thread watcher;
    private final CountDownLatch exited = new CountDownLatch(1);
    /** Guards reaped: a pid is only signalled while the (possibly zombie) child still holds it. */
    private final Object lock = new Object();
    private boolean reaped;
    private volatile int exitStatus = -1;
    /** The signal that killed the child, 0 if it exited; written with exitStatus, guarded by lock. */
    private int exitSignal;

    /** Emitted once from the watcher thread with the exit code, or 128 + the killing signal. */
    public final Signal<Integer> finished = new Signal<>("finished");

    private WorkerProcess(int pid) {
        this.pid = pid;
        this.watcher = new Thread(this::watch, "worker-watch-" + pid);
        watcher.setDaemon(true);
    }

    /**
     * Spawns {@code command} with {@code socketFd} as its fd {@link #CHILD_FD}; the caller keeps
     * (and should close) its own copy of {@code socketFd}.
     */
    public static WorkerProcess start(WorkerCommand command, int socketFd) throws IOException {
        return start(command, socketFd, -1);
    }

    /**
     * As {@link #start(WorkerCommand, int)}, with the child's stderr on {@code stderrFd} (the
     * caller keeps and closes its copy) instead of the parent's when it is not negative.
     */
    public static WorkerProcess start(WorkerCommand command, int socketFd, int stderrFd) throws IOException {
        List<String> argv = command.argv(CHILD_FD);
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.putAll(command.env());
        List<String> envp = new ArrayList<>();
        env.forEach((k, v) -> envp.add(k + "=" + v));

        Memory actions = new Memory(Libc.SPAWN_FILE_ACTIONS_SIZE);
        Memory attr = new Memory(Libc.SPAWNATTR_SIZE);
        Memory noSignals = new Memory(Libc.SIGSET_SIZE);
        Memory allSignals = new Memory(Libc.SIGSET_SIZE);
        Memory pidOut = new Memory(4);
        check("posix_spawn_file_actions_init", Libc.posix_spawn_file_actions_init(actions));
        check("posix_spawnattr_init", Libc.posix_spawnattr_init(attr));
        int source = socketFd;
        try {
            if (source == CHILD_FD) {
                // dup2 onto itself would keep close-on-exec set: hand over a copy instead.
                source = Libc.fcntl(socketFd, Libc.F_DUPFD_CLOEXEC, CHILD_FD + 1);
            }
            check("addopen stdin", Libc.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Libc.O_RDONLY, 0));
            check("addopen stdout", Libc.posix_spawn_file_actions_addopen(actions, 1, "/dev/null", Libc.O_WRONLY, 0));
            if (stderrFd >= 0) {
                // Before the socket's dup2, which would overwrite a stderr fd numbered CHILD_FD.
                check("adddup2 stderr", Libc.posix_spawn_file_actions_adddup2(actions, stderrFd, 2));
            }
            check("adddup2", Libc.posix_spawn_file_actions_adddup2(actions, source, CHILD_FD));
            check("addclosefrom_np", Libc.posix_spawn_file_actions_addclosefrom_np(actions, CHILD_FD + 1));
            Libc.sigemptyset(noSignals);
            Libc.sigfillset(allSignals);
            check("setsigmask", Libc.posix_spawnattr_setsigmask(attr, noSignals));
            check("setsigdefault", Libc.posix_spawnattr_setsigdefault(attr, allSignals));
            check("setflags", Libc.posix_spawnattr_setflags(attr,
                    (short) (Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF)));
            int err = Libc.posix_spawn(pidOut, argv.get(0), actions, attr,
                    new StringArray(argv.toArray(new String[0])), new StringArray(envp.toArray(new String[0])));
            if (err != 0) {
                throw new IOException("cannot start worker " + argv + ": " + Errno.name(err));
            }
        } finally {
            if (source != socketFd) {
                Libc.close(source);
            }
            Libc.posix_spawnattr_destroy(attr);
            Libc.posix_spawn_file_actions_destroy(actions);
        }
        WorkerProcess process = new WorkerProcess(pidOut.getInt(0));
        process.watcher.start();
        SPAWN_WATCHERS.forEach(w -> w.accept(process.pid));
        return process;
    }

    private static final java.util.Set<java.util.function.IntConsumer> SPAWN_WATCHERS =
            new java.util.concurrent.CopyOnWriteArraySet<>();

    /**
     * Tells {@code watcher} the pid of every worker this JVM starts until the returned handle is
     * closed. A scenario run learns its workers this way rather than from the JVM's children,
     * which include whatever else runs beside it (TLC's child JVMs in {@code ./kit verify}).
     */
    public static AutoCloseable watchSpawns(java.util.function.IntConsumer watcher) {
        SPAWN_WATCHERS.add(watcher);
        return () -> SPAWN_WATCHERS.remove(watcher);
    }

    private static void check(String what, int err) throws IOException {
        if (err != 0) {
            throw new IOException("posix_spawn setup failed in " + what + ": " + Errno.name(err));
        }
    }

    public int pid() {
        return pid;
    }

    /** Waits without reaping, so that kill() can never hit a recycled pid; then reaps under the lock. */
    private void watch() {
        Memory info = new Memory(128);
        Memory status = new Memory(4);
        while (true) {
            try {
                Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOWAIT);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Libc.EINTR) {
                    System.err.println("ipcsync: waitid(" + pid + ") failed: " + Errno.describe(e));
                    break;
                }
            }
        }
        synchronized (lock) {
            try {
                Libc.waitpid(pid, status, 0);
                int s = status.getInt(0);
                int signal = s & 0x7f;
                exitSignal = signal;
                exitStatus = signal == 0 ? (s >> 8) & 0xff : 128 + signal;
            } catch (LastErrorException e) {
                System.err.println("ipcsync: waitpid(" + pid + ") failed: " + Errno.describe(e));
            }
            reaped = true;
        }
        exited.countDown();
        finished.emit(exitStatus);
    }

    public boolean isAlive() {
        return exited.getCount() > 0;
    }

    /** The exit code (or 128 + signal) once reaped, else -1. */
    public int exitStatus() {
        return exitStatus;
    }

    /** How a child ended: its exit code, or the signal that killed it (then {@code code} is -1). */
    public record Exit(int code, int signal) {
        /** The status {@link #finished} carries: the code, or 128 + the signal. */
        public int status() {
            return signal == 0 ? code : 128 + signal;
        }

        public String describe() {
            return signal == 0 ? "exited with status " + code : "killed by signal " + signal + signalName(signal);
        }

        private static String signalName(int signal) {
            return switch (signal) {
                case 6 -> " (SIGABRT)";
                case 9 -> " (SIGKILL)";
                case 11 -> " (SIGSEGV)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
        }
    }

    /**
     * How the child ended, or null while it runs; reads a zombie's status without reaping it
     * ({@code waitid} with {@code WNOWAIT}), so it answers as soon as the child is dead, before or
     * after the watcher thread reaped it.
     */
    public Exit exitNow() {
        synchronized (lock) {
            if (reaped) {
                return exitStatus < 0 ? null : new Exit(exitSignal == 0 ? exitStatus : -1, exitSignal);
            }
            Memory info = new Memory(128);
            info.clear();
            try {
                Libc.waitid(Libc.P_PID, pid, info, Libc.WEXITED | Libc.WNOWAIT | Libc.WNOHANG);
            } catch (LastErrorException e) {
                return null;
            }
            if (info.getInt(16) == 0) {
                return null; // si_pid 0: still running
            }
            int code = info.getInt(8);
            int status = info.getInt(24);
            return code == Libc.CLD_EXITED ? new Exit(status, 0) : new Exit(-1, status);
        }
    }

    /** SIGKILL, like libcamera's Process::kill(); a no-op once the child has been reaped. */
    public void kill() {
        synchronized (lock) {
            if (!reaped) {
                try {
                    Libc.kill(pid, Libc.SIGKILL);
                } catch (LastErrorException e) {
                    // Already a zombie waiting for the watcher: nothing to do.
                }
            }
        }
    }

    /** Waits until the child has been reaped (and finished emitted); false on timeout. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        if (!exited.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        watcher.join(Math.max(1, timeout.toMillis()));
        return true;
    }

    /** Kills the child if it still runs, reaps it and joins the watcher. */
    @Override
    public void close() {
        kill();
        boolean interrupted = false;
        while (true) {
            try {
                exited.await();
                watcher.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "worker " + pid;
    }
}
