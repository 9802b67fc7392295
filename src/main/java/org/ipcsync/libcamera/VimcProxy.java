package org.ipcsync.libcamera;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.runtime.Timer;
import org.ipcsync.wire.IPCMessage;

/**
 * The pipeline side of the vimc IPA over one of the kit's pipes, as libcamera's generated
 * {@code IPAProxyVimc} drives its IPCPipe: a per-proxy counter {@code seq} gives every message it
 * sends its cookie, starting at 0 and advancing for async commands too; sync calls wait in
 * {@link IPCPipe#sendSync}; whatever the pipe emits on {@code recv} is taken as an IPA event.
 * Every message sent and every reply and event received is kept as a {@link WireRecord}.
 *
 * <p>Threads: bound to the creating thread (libcamera's camera manager thread): calls, {@link
 * #awaitEvents} and {@link #close} only from it. Events reach it there: directly when the pipe
 * emits in this thread (nested design), as queued messages run by this thread's loop otherwise.
 */
public final class VimcProxy extends BoundObject implements AutoCloseable {
    /** A message that answered no pending call, and the call in progress when it was handled (or null). */
    public record Event(IPCMessage.Header header, byte[] args, String duringCall) {}

    /** What a sync call returned and how long it took. */
    public record CallResult(int ret, IPCMessage reply, Duration elapsed) {}

    private final IPCPipe pipe;
    // Only the bound thread touches these.
    private int seq;
    /** Exit went out already (a session's explicit step): the destructor's Exit is not sent twice. */
    private boolean exitSent;
    private String inCall;
    private final List<Event> events = new ArrayList<>();
    private final List<WireRecord> wire = new ArrayList<>();

    public VimcProxy(IPCPipe pipe) {
        this.pipe = pipe;
        pipe.recv().connect(this, this::recvMessage);
    }

    public IPCPipe pipe() {
        return pipe;
    }

    /** Sends a sync call and waits as the pipe's design does. */
    public CallResult call(VimcCmd cmd, VimcCodec.Encoded args) {
        assertSync(cmd, true);
        IPCMessage request = message(cmd, args);
        IPCMessage reply = new IPCMessage();
        inCall = cmd.callName();
        long start = System.nanoTime();
        int ret = pipe.sendSync(request, reply);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        inCall = null;
        if (ret == 0) {
            wire.add(WireRecord.of(WireRecord.Kind.REPLY, reply));
            reply.closeFds();
        }
        return new CallResult(ret, reply, elapsed);
    }

    /** Sends an async command (queueRequest, fillParamsBuffer, exit); 0 or a negative errno. */
    public int send(VimcCmd cmd, VimcCodec.Encoded args) {
        assertSync(cmd, false);
        return pipe.sendAsync(message(cmd, args));
    }

    private static void assertSync(VimcCmd cmd, boolean sync) {
        if (cmd.sync != sync) {
            throw new IllegalArgumentException(cmd + " is " + (cmd.sync ? "a sync call" : "async") + " in libcamera");
        }
    }

    private IPCMessage message(VimcCmd cmd, VimcCodec.Encoded args) {
        exitSent |= cmd == VimcCmd.EXIT;
        IPCMessage m = new IPCMessage(new IPCMessage.Header(cmd.code, seq++), args.data(), args.fds());
        wire.add(WireRecord.of(cmd.sync ? WireRecord.Kind.SYNC_CALL : WireRecord.Kind.ASYNC, m));
        return m;
    }

    private void recvMessage(IPCMessage message) {
        wire.add(WireRecord.of(WireRecord.Kind.EVENT, message));
        events.add(new Event(message.header(), message.data(), inCall));
        message.closeFds();
    }

    /**
     * Runs this thread's loop until {@code count} events in all have arrived or {@code limit} passed.
     * Messages already queued are dispatched before each wait: a pass of the loop dispatches first
     * and then blocks, so events queued before the wait would otherwise sit until the deadline.
     */
    public boolean awaitEvents(int count, Duration limit) {
        Timer timer = new Timer();
        timer.start(limit);
        try {
            LoopThread.current().dispatchMessages(null);
            while (events.size() < count && timer.isRunning()) {
                LoopThread.current().eventDispatcher().processEvents();
                LoopThread.current().dispatchMessages(null);
            }
        } finally {
            timer.stop();
        }
        return events.size() >= count;
    }

    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    public List<WireRecord> wire() {
        return List.copyOf(wire);
    }

    /**
     * libcamera's proxy destructor: Exit (async, next cookie) unless this proxy already sent it,
     * then disconnects from the pipe and closes it (which kills the worker if still running).
     */
    @Override
    public void close() {
        if (!exitSent) {
            pipe.sendAsync(message(VimcCmd.EXIT, VimcCodec.none()));
        }
        pipe.recv().disconnect(this);
        pipe.close();
    }
}
