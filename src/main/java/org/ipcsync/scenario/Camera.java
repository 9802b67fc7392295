package org.ipcsync.scenario;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import org.ipcsync.device.DeviceFormat;
import org.ipcsync.device.DequeuedBuffer;
import org.ipcsync.device.FrameInterval;
import org.ipcsync.device.VideoDevice;
import org.ipcsync.device.VideoDeviceException;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.BoundObject;
import org.ipcsync.runtime.EventNotifier;

/**
 * One camera of the pipeline handler: a capture device, its exported buffers and its isolated
 * IPA. Mirrors what a libcamera pipeline handler does per camera: open creates the IPA and the
 * device, init calls the IPA's init; configure sets the format and calls configure; start allocates and exports buffers, maps
 * them in the IPA, starts the IPA, streams on and runs the request loop; stop stops the IPA (sync),
 * streams off and unmaps. The request loop: the device's readiness notifier fires, one done
 * buffer per activation goes to the IPA with an async processStats, and its metadataReady completes the request
 * and requeues the buffer, unless the application is stopping the camera (libcamera refuses new
 * requests from CameraStopping on, so the device runs dry during stop). Before the buffer is
 * queued again the pipeline checksums the frame through the device's own mapping and records it
 * beside the IPA's checksum of the same bytes, read through the exported fd.
 *
 * <p>Threads: created and used in the camera manager thread only, except {@link #stopping}, which
 * the application thread sets before posting stop (as Camera::stop sets its state first).
 */
final class Camera extends BoundObject {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;
    static final int BUFFERS = 4;

    private final int id;
    private final VideoDevice device;
    private final ScenarioObserver observer;
    private final long framePeriodUs;
    private IpaProxy ipa;
    private int[] bufferFds = new int[0];
    private EventNotifier notifier;
    private boolean streaming;
    private int nextFrame;
    /** A request the IPA has not answered yet: its buffer and how many bytes the device filled. */
    private record InFlight(int index, int bytesUsed) {}

    /** frame -> its buffer, for requests the IPA has not answered yet. */
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    /** Written by the application thread that stops this camera, read by the camera manager. */
    volatile boolean stopping;

    Camera(int id, VideoDevice device, ScenarioObserver observer, long framePeriodUs) {
        this.id = id;
        this.device = device;
        this.observer = observer;
        this.framePeriodUs = framePeriodUs;
    }

    int id() {
        return id;
    }

    boolean isStreaming() {
        return streaming;
    }

    /** Takes the IPA (whose worker is starting) and opens the device. */
    int open(IpaProxy proxy) {
        ipa = proxy;
        ipa.metadataReady.connect(this, this::metadataReady);
        device.open();
        return 0;
    }

    CompletableFuture<Integer> init() {
        return ipa.init(id);
    }

    CompletableFuture<Integer> configure() {
        DeviceFormat f = device.setFormat(WIDTH, HEIGHT, DeviceFormat.GREY);
        FrameInterval interval = device.setFrameRate((int) Math.max(1, Math.round(1e6 / framePeriodUs)));
        if (interval.nanos() <= 0) {
            return CompletableFuture.completedFuture(-Libc.EINVAL);
        }
        return ipa.configure(f.width(), f.height());
    }

    /**
     * Buffers exported, then IPA mapBuffers, then IPA start, then queue, stream on and watch the
     * device: each IPA step begins when the previous one completed (on this stack for the blocking
     * designs, from the loop for the completion-based ones).
     */
    CompletableFuture<Integer> start() {
        stopping = false;
        int granted = device.requestBuffers(BUFFERS);
        bufferFds = new int[granted];
        int[] ids = new int[granted];
        for (int i = 0; i < granted; i++) {
            bufferFds[i] = device.exportBuffer(i);
            ids[i] = i;
        }
        return ipa.mapBuffers(ids, bufferFds).thenCompose(mapped -> mapped != 0
                ? CompletableFuture.completedFuture(mapped) : ipa.start()).thenApply(ret -> {
                    if (ret != 0) {
                        return ret;
                    }
                    for (int i = 0; i < granted; i++) {
                        device.queueBuffer(i);
                    }
                    device.streamOn();
                    streaming = true;
                    // Registered only while streaming: outside it the readiness fd reports errors.
                    notifier = new EventNotifier(device.readinessFd(), EventNotifier.Type.READ);
                    notifier.activated.connect(this, v -> buffersReady());
                    return 0;
                });
    }

    /**
     * IPA stop (sync), then stream off and unmap, as rkisp1's stop does; unmap begins when stop
     * completed. Completes with the IPA's stop status (unmap's if stop succeeded).
     */
    CompletableFuture<Integer> stop() {
        stopping = true;
        return ipa.stop().thenCompose(ret -> {
            if (streaming) {
                streamOff();
            }
            int[] ids = new int[bufferFds.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            return ipa.unmapBuffers(ids).thenApply(unmap -> {
                closeBufferFds();
                return ret != 0 ? ret : unmap;
            });
        });
    }

    private void streamOff() {
        streaming = false;
        if (notifier != null) {
            notifier.close();
            notifier.activated.disconnectAll();
            notifier = null;
        }
        try {
            device.streamOff();
        } catch (VideoDeviceException e) {
            observer.note(Recording.Note.DEVICE_ERROR, id, "stream off: " + e.getMessage());
        }
    }

    private void closeBufferFds() {
        for (int fd : bufferFds) {
            Libc.close(fd);
        }
        bufferFds = new int[0];
    }

    /** Releases everything whatever state the camera is in; the IPA worker is told to exit and reaped. */
    void release() {
        if (streaming) {
            streamOff();
        }
        closeBufferFds();
        if (ipa != null) {
            ipa.metadataReady.disconnect(this);
            ipa.close();
            ipa = null;
        }
        device.close();
    }

    /** From an application thread: the device takes faults from any thread. */
    void injectFault(org.ipcsync.device.Fault fault) {
        try {
            device.injectFault(fault);
        } catch (RuntimeException e) {
            observer.note(Recording.Note.DEVICE_ERROR, id, "inject " + fault + ": " + e.getMessage());
        }
    }

    /**
     * One buffer per notifier activation, as libcamera's V4L2VideoDevice::bufferAvailable does: the
     * notifier is level-triggered, so a device with more buffers done fires again on the next loop
     * pass, and everything else the loop has to do (messages, other sockets, timers) runs between
     * two buffers.
     */
    private void buffersReady() {
        if (!streaming) {
            return;
        }
        Optional<DequeuedBuffer> done;
        try {
            done = device.dequeueBuffer();
        } catch (VideoDeviceException e) {
            observer.note(Recording.Note.DEVICE_ERROR, id, "dequeue: " + e.getMessage());
            // A faulted device keeps reporting readiness; stop listening until stream off.
            notifier.setEnabled(false);
            return;
        }
        if (done.isEmpty()) {
            return;
        }
        DequeuedBuffer b = done.get();
        int frame = ++nextFrame;
        observer.frameDequeued(id, frame, b.sequence());
        inFlight.put(frame, new InFlight(b.index(), b.bytesUsed()));
        if (ipa.processStats(frame, b.index(), b.bytesUsed(), bufferFds[b.index()]) < 0) {
            inFlight.remove(frame);
            observer.frameCompleted(id, frame, true, null);
        }
    }

    /** metadataReady(frame, crc32, bytesRead). */
    private void metadataReady(int[] args) {
        InFlight request = inFlight.remove(args[0]);
        if (request == null) {
            return;
        }
        Recording.Checksum checksum = new Recording.Checksum(request.bytesUsed(), args[2], args[1] & 0xffff_ffffL,
                pipelineCrc(request));
        boolean requeue = streaming && !stopping;
        observer.frameCompleted(id, args[0], !requeue, checksum);
        if (requeue) {
            try {
                device.queueBuffer(request.index());
            } catch (VideoDeviceException e) {
                observer.note(Recording.Note.DEVICE_ERROR, id, "queue: " + e.getMessage());
            }
        }
    }

    /** CRC-32 of the frame through the device's mapping; the buffer is still the application's. -1 if unreadable. */
    private long pipelineCrc(InFlight request) {
        ByteBuffer bytes = ByteBuffer.allocate(request.bytesUsed());
        try {
            device.readBuffer(request.index(), bytes);
        } catch (RuntimeException e) {
            observer.note(Recording.Note.DEVICE_ERROR, id, "read buffer " + request.index() + ": " + e.getMessage());
            return -1;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.flip());
        return crc.getValue();
    }
}
