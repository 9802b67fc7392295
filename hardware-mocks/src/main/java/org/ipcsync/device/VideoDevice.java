package org.ipcsync.device;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A V4L2 single-planar capture device driven with MMAP buffers and non-blocking DQBUF, the way
 * libcamera's V4L2VideoDevice drives one. Implemented by {@link MockVideoDevice} (a simulated
 * driver) and {@link V4l2VideoDevice} (a real /dev/videoN).
 *
 * <p>Threads: one owner thread (the camera manager's event loop) calls every method. Only
 * {@link #injectFault} may also be called from other threads while the device is open, and
 * {@link #readinessFd()} may be polled from the owner's event loop at any time between
 * {@link #open} and {@link #close}.
 *
 * <p>Buffers follow V4L2's ownership rules: after REQBUFS and after STREAMOFF every buffer belongs
 * to the application; QBUF hands one to the driver; the driver completes queued buffers oldest
 * first while streaming; DQBUF hands the oldest completed one back. Every failure is a
 * {@link VideoDeviceException} carrying V4L2's errno.
 */
public interface VideoDevice extends AutoCloseable {
    /** The device node, or the mock's name; used in every error message. */
    String name();

    void open();

    /** VIDIOC_S_FMT; EBUSY once buffers are allocated. */
    DeviceFormat setFormat(int width, int height, int fourcc);

    /** VIDIOC_S_PARM; returns the frame interval the driver chose, which may differ from 1/fps. */
    FrameInterval setFrameRate(int fps);

    /**
     * VIDIOC_REQBUFS with MMAP memory: frees the current buffers and allocates {@code count}
     * (0 only frees). Returns how many the driver granted. EBUSY while streaming. A buffer still
     * exported (or mapped through an export) is orphaned, not refused: its memory stays valid for
     * the holders but no longer belongs to the queue (vb2's V4L2_BUF_CAP_SUPPORTS_ORPHANED_BUFS).
     */
    int requestBuffers(int count);

    /** VIDIOC_QBUF: hands an application-owned buffer to the driver (EINVAL otherwise). */
    void queueBuffer(int index);

    /**
     * VIDIOC_DQBUF without blocking: the oldest completed buffer, or empty when none is done yet
     * (EAGAIN). EINVAL when not streaming, EIO after a fatal streaming error, ENODEV after disconnect.
     */
    Optional<DequeuedBuffer> dequeueBuffer();

    /**
     * VIDIOC_EXPBUF: a new close-on-exec fd for the buffer's memory, owned by the caller, who
     * may dup it, map it or pass it over SCM_RIGHTS.
     */
    int exportBuffer(int index);

    /**
     * Copies the start of an application-owned buffer into {@code dst} (up to
     * {@code dst.remaining()} bytes) and returns how many bytes were copied.
     */
    int readBuffer(int index, ByteBuffer dst);

    void streamOn();

    /** VIDIOC_STREAMOFF: stops capture; every buffer, queued or done, returns to the application. */
    void streamOff();

    /**
     * A kernel fd for poll(2): {@link #readinessEvents()} is reported exactly while a buffer can be
     * dequeued; POLLERR (with POLLHUP after a disconnect) reports a fault, after which DQBUF fails.
     * The fd stays the same number from {@link #open} to {@link #close}; the device owns it.
     * As with V4L2, only poll it while streaming: outside streaming it may report POLLERR.
     */
    int readinessFd();

    /** The poll events to request on {@link #readinessFd()}. */
    short readinessEvents();

    void injectFault(Fault fault);

    /** Stops streaming and releases every buffer, mapping and fd the device holds. Idempotent. */
    @Override
    void close();
}
