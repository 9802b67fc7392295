package org.ipcsync.scenario;

import java.util.concurrent.CompletableFuture;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaEvent;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.Signal;
import org.ipcsync.wire.IPCMessage;

/**
 * The pipeline side of one camera's isolated IPA, as libcamera's generated proxy does it: a
 * cookie counter {@code seq} starting at 0 and advanced for every message sent (async ones
 * included), arguments encoded with {@link IpaCodec}, sync calls returning the IPA's status (or
 * the pipe's negative errno), and events from the pipe's recv signal decoded and re-emitted.
 * A pipe that keeps cookie 0 for events ({@link IPCPipe#cookieZeroReserved}, the reference
 * design) makes the counter skip 0, at the start and when it wraps.
 *
 * <p>Sync calls return their completion ({@link IPCPipe#call}): for the blocking designs it is
 * complete when returned, the call having run on this stack exactly as a libcamera sync call does;
 * for the completion-based designs it completes later in the camera manager's loop, and whatever
 * the camera chains on it runs there.
 *
 * <p>Like libcamera's proxy it does not listen to the worker's exit (nothing in libcamera's
 * pipe or proxy connects to {@code Process::finished}); the engine records deaths from the
 * worker's own thread, so no extra wake-up reaches the camera manager.
 *
 * <p>The event path follows the generated {@code recvMessage}: a message is dispatched on its
 * cmd alone. An event's cmd with a payload too short for that event's arguments is what a late
 * reply looks like there (init's reply has metadataReady's cmd, start's paramsReady's); libcamera's
 * deserializer asserts on it and the process aborts (seen on Debian's build, digest §8). The
 * proxy notes {@link Recording.Note#ABORT} and handles nothing more; the run ends there
 * ({@link ScenarioRunner}). A cmd that is no event's is logged and dropped, as libcamera's
 * "Unknown command" branch does.
 *
 * <p>Threads: lives in the camera manager thread and is only called there. recv reaches it
 * directly when the pipe emits in that thread (nested) and as a queued message when the pipe
 * emits from its own receiver thread (threaded), exactly as an Object slot does in libcamera.
 * {@link #close} sends Exit with the next cookie, as the generated proxy's destructor does, then
 * closes the pipe.
 */
final class IpaProxy extends BoundObject {
    static final int EBADMSG = 74;

    private final int camera;
    private final IPCPipe pipe;
    private final ScenarioObserver observer;
    /** The next cookie; only the camera manager thread touches it. */
    private int seq;
    /** This process would have aborted: nothing more is handled. Camera manager thread only. */
    private boolean aborted;

    /** metadataReady(frame, crc, bytesRead). */
    final Signal<int[]> metadataReady = new Signal<>("metadataReady");

    IpaProxy(int camera, IPCPipe pipe, ScenarioObserver observer) {
        this.camera = camera;
        this.pipe = pipe;
        this.observer = observer;
        pipe.recv().connect(this, this::recvMessage);
    }

    CompletableFuture<Integer> init(int cameraId) {
        return sync(IpaCommand.INIT, IpaCodec.u32s(cameraId), new int[0]);
    }

    CompletableFuture<Integer> configure(int width, int height) {
        return sync(IpaCommand.CONFIGURE, IpaCodec.u32s(width, height), new int[0]);
    }

    CompletableFuture<Integer> mapBuffers(int[] ids, int[] fds) {
        return sync(IpaCommand.MAP_BUFFERS, idList(ids), fds);
    }

    CompletableFuture<Integer> unmapBuffers(int[] ids) {
        return sync(IpaCommand.UNMAP_BUFFERS, idList(ids), new int[0]);
    }

    CompletableFuture<Integer> start() {
        return sync(IpaCommand.START, new byte[0], new int[0]);
    }

    CompletableFuture<Integer> stop() {
        return sync(IpaCommand.STOP, new byte[0], new int[0]);
    }

    /** Async: the IPA answers with metadataReady(frame, ...). Returns the pipe's status. */
    int processStats(int frame, int bufferId, int length, int bufferFd) {
        int cookie = nextCookie();
        IPCMessage in = new IPCMessage(new IPCMessage.Header(IpaCommand.PROCESS_STATS.code, cookie),
                IpaCodec.u32s(frame, bufferId, length), new int[] {bufferFd});
        int status = pipe.sendAsync(in);
        observer.asyncSent(camera, IpaCommand.PROCESS_STATS.methodName(), cookie, frame, status);
        return status;
    }

    /**
     * libcamera's proxy destructor: Exit (async, next cookie), then the pipe goes. A dead worker
     * makes the send fail; the pipe is closed all the same.
     */
    void close() {
        IPCMessage exit = new IPCMessage(new IPCMessage.Header(IpaCommand.EXIT.code, nextCookie()), new byte[0], new int[0]);
        pipe.sendAsync(exit);
        pipe.recv().disconnect(this);
        pipe.close();
    }

    private static byte[] idList(int[] ids) {
        int[] fields = new int[ids.length + 1];
        fields[0] = ids.length;
        System.arraycopy(ids, 0, fields, 1, ids.length);
        return IpaCodec.u32s(fields);
    }

    /** The next cookie: libcamera's counter, skipping 0 where the pipe keeps it for events. */
    private int nextCookie() {
        int cookie = seq++;
        if (cookie == 0 && pipe.cookieZeroReserved()) {
            cookie = seq++;
        }
        return cookie;
    }

    private CompletableFuture<Integer> sync(IpaCommand command, byte[] data, int[] fds) {
        IPCMessage in = new IPCMessage(new IPCMessage.Header(command.code, nextCookie()), data, fds);
        IPCMessage out = new IPCMessage();
        return pipe.call(in, out).thenApply(ret -> {
            try {
                if (ret < 0) {
                    return ret;
                }
                try {
                    return IpaCodec.readStatus(out.data());
                } catch (IllegalArgumentException e) {
                    return -EBADMSG;
                }
            } finally {
                out.closeFds();
            }
        });
    }

    private void recvMessage(IPCMessage message) {
        try {
            IPCMessage.Header h = message.header();
            byte[] data = message.data();
            IpaEvent event = IpaEvent.fromCode(h.cmd());
            if (aborted) {
                return;
            }
            // Dispatched on cmd alone: a reply (one status word) with an event's cmd is decoded as that event.
            if (event == IpaEvent.METADATA_READY && data.length >= 12) {
                int[] args = IpaCodec.readU32s(data, 3);
                observer.eventDelivered(camera, h, "metadataReady", args[0], data.length);
                metadataReady.emit(args);
            } else if (event == IpaEvent.PARAMS_READY && data.length >= 8) {
                int[] args = IpaCodec.readU32s(data, 2);
                observer.eventDelivered(camera, h, "paramsReady", args[0], data.length);
            } else if (event != null) {
                aborted = true;
                String why = "libcamera's proxy would abort: a message with cmd " + h.cmd() + " (cookie " + h.cookie()
                        + ") is decoded as " + (event == IpaEvent.METADATA_READY ? "metadataReady" : "paramsReady")
                        + " and its " + data.length + "-byte payload is too short for the event's arguments";
                // The note first: its time is the run's end, and everything handled later is after it.
                observer.note(Recording.Note.ABORT, camera, why);
                observer.eventDelivered(camera, h, "abort", -1, data.length);
            } else {
                observer.eventDelivered(camera, h, "unknown", -1, data.length);
            }
        } finally {
            message.closeFds();
        }
    }
}
