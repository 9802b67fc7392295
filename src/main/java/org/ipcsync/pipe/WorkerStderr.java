package org.ipcsync.pipe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ipcsync.os.Errno;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.EventNotifier;

/**
 * A worker's stderr, captured through a pipe so that a design can say what a dying worker wrote
 * last: everything read is passed on to this process's stderr unchanged (where an inherited stderr
 * would have gone) and the last {@link #TAIL_BYTES} bytes are kept.
 *
 * <p>Fds: owns both ends, and keeps its own copy of the write end open until {@link #close}: with
 * a writer left, the read end never reaches EOF, which a pipe reports as POLLHUP alone, a readiness
 * that does not activate a read notifier (libcamera's rule) and so would wake the loop for ever
 * once the worker is gone. A dead worker's output is all in the pipe by then; {@link #drain} reads
 * it up to EAGAIN. Threads: {@link #spawned}, {@link #drain}, {@link #tail} and
 * {@link #close} in the thread that will read it (the pipe's), which is where its read notifier
 * lives.
 */
final class WorkerStderr {
    static final int TAIL_BYTES = 2048;

    private final int readFd;
    private int writeFd;
    private EventNotifier notifier;
    private final Memory buffer = new Memory(4096);
    private byte[] tail = new byte[0];
    private boolean eof;

    private WorkerStderr(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    static WorkerStderr open() throws IOException {
        Memory fds = new Memory(8);
        try {
            Libc.pipe2(fds, Libc.O_CLOEXEC | Libc.O_NONBLOCK);
        } catch (LastErrorException e) {
            throw new IOException("pipe2 for the worker's stderr failed: " + Errno.describe(e), e);
        }
        return new WorkerStderr(fds.getInt(0), fds.getInt(4));
    }

    /** The end the worker writes to (its fd 2 after the spawn). */
    int writeEnd() {
        return writeFd;
    }

    /** The worker holds its copy now: start reading. */
    void spawned() {
        notifier = new EventNotifier(readFd, EventNotifier.Type.READ);
        notifier.activated.connect(v -> drain());
    }

    /** Reads whatever is in the pipe now, without blocking. */
    void drain() {
        while (!eof) {
            long n;
            try {
                n = Libc.read(readFd, buffer, buffer.size());
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EINTR) {
                    continue;
                }
                if (e.getErrorCode() != Libc.EAGAIN) {
                    System.err.println("ipcsync: reading a worker's stderr failed: " + Errno.describe(e));
                }
                return;
            }
            if (n <= 0) {
                // Cannot happen while our copy of the write end is open; kept as a guard.
                eof = true;
                if (notifier != null) {
                    notifier.close();
                }
                return;
            }
            byte[] bytes = buffer.getByteArray(0, (int) n);
            System.err.write(bytes, 0, bytes.length);
            System.err.flush();
            byte[] joined = Arrays.copyOf(tail, tail.length + bytes.length);
            System.arraycopy(bytes, 0, joined, tail.length, bytes.length);
            tail = joined.length <= TAIL_BYTES ? joined
                    : Arrays.copyOfRange(joined, joined.length - TAIL_BYTES, joined.length);
        }
    }

    /** The last {@code lines} lines the worker wrote (fewer if it wrote fewer), as text. */
    String tail(int lines) {
        String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
        String[] all = text.isEmpty() ? new String[0] : text.split("\n", -1);
        return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    void close() {
        if (notifier != null) {
            notifier.close();
            notifier = null;
        }
        if (writeFd >= 0) {
            Libc.close(writeFd);
            writeFd = -1;
        }
        Libc.close(readFd);
    }
}
