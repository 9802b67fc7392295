package org.ipcsync.simipa;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Timer;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;

/**
 * The worker's end of the pipe: the inherited socket, the {@code while (!exit) processEvents()}
 * loop, and the two ways a worker learns its pipeline side is gone (a send refused, or the parent
 * replaced by a reaper). Checking the parent is a timer, so an idle worker sleeps in poll.
 *
 * <p>The socket uses the kit's safe framing and strict reader, not libcamera's: sim-ipa is the
 * kit's instrument and must survive (and log) any input, where libcamera's worker, after a split
 * or malformed message, would go on reading data as headers.
 *
 * <p>Threads: lives in the worker's main thread; nothing is called from elsewhere.
 */
final class WorkerLink {
    private static final Duration PARENT_CHECK = Duration.ofMillis(200);

    private final IPCUnixSocket socket = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
    private final int parent = Libc.getppid();
    private final Timer parentCheck = new Timer();
    private boolean exit;
    private int exitCode;

    WorkerLink(int fd) throws IOException {
        socket.bind(fd);
        socket.framingError.connect(reason -> log("dropped malformed input: " + reason));
        parentCheck.timeout.connect(v -> {
            if (parentGone()) {
                log("parent " + parent + " is gone, exiting");
                stop(1);
            } else {
                parentCheck.start(PARENT_CHECK);
            }
        });
    }

    /** Runs the loop, handing every well-formed message to {@code handler}; returns the exit code. */
    int run(Consumer<IPCMessage> handler) {
        socket.readyRead.connect(v -> {
            IPCUnixSocket.Payload payload;
            try {
                payload = socket.receive();
            } catch (IPCUnixSocket.FramingException e) {
                return;
            }
            IPCMessage message = IPCMessage.fromBytes(payload.data(), payload.fds());
            if (message == null) {
                log("dropped a " + payload.length() + "-byte message, shorter than its header");
                for (int fd : payload.fds()) {
                    Libc.close(fd);
                }
                return;
            }
            handler.accept(message);
        });
        parentCheck.start(PARENT_CHECK);
        while (!exit) {
            LoopThread.current().eventDispatcher().processEvents();
        }
        parentCheck.stop();
        socket.close();
        return exitCode;
    }

    /** True once the pipeline process that started this worker has died (the worker was re-parented). */
    boolean parentGone() {
        return Libc.getppid() != parent;
    }

    /**
     * Blocks the calling (main) thread for good, as a hung IPA method does; only a kill ends it,
     * or the parent's death, checked as often as the loop checks it, so no worker is orphaned.
     */
    void hang() {
        while (!parentGone()) {
            LockSupport.parkNanos(this, PARENT_CHECK.toNanos());
        }
        log("parent " + parent + " is gone while hung, exiting");
        Runtime.getRuntime().halt(1);
    }

    void stop(int code) {
        exitCode = code;
        exit = true;
    }

    /** Sends {@code message}; a refused send means the pipeline side closed its end: exit. */
    void send(IPCMessage message) {
        int ret = socket.send(new IPCUnixSocket.Payload(message.toBytes(), message.fds()));
        if (ret == -Libc.ECONNREFUSED || ret == -Libc.EPIPE || ret == -Libc.ECONNRESET || ret == -Libc.ENOTCONN) {
            log("peer gone (errno " + -ret + "), exiting");
            stop(1);
        } else if (ret < 0) {
            log("send failed, errno " + -ret);
        }
    }

    /** A well-framed message of arbitrary bytes (fault injection: shorter than a message header). */
    void sendBytes(byte[] data) {
        int ret = socket.send(new IPCUnixSocket.Payload(data, new int[0]));
        if (ret < 0) {
            log("send failed, errno " + -ret);
        }
    }

    /** One raw datagram with no framing at all (fault injection: headers that lie). */
    void sendDatagram(byte[] datagram) {
        Memory m = new Memory(datagram.length);
        m.write(0, datagram, 0, datagram.length);
        try {
            Libc.write(socket.fd(), m, new NativeLong(datagram.length));
        } catch (com.sun.jna.LastErrorException e) {
            log("raw send failed: " + e.getMessage());
        }
    }

    static void log(String message) {
        System.err.println("sim-ipa[" + ProcessHandle.current().pid() + "]: " + message);
    }
}
