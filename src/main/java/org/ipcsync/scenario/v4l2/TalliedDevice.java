package org.ipcsync.scenario.v4l2;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.ipcsync.device.DequeuedBuffer;
import org.ipcsync.device.DeviceFormat;
import org.ipcsync.device.Fault;
import org.ipcsync.device.FrameInterval;
import org.ipcsync.device.VideoDevice;
import org.ipcsync.device.VideoDeviceException;
import org.ipcsync.os.Libc;

/**
 * A real V4L2 node as the scenario engine's camera device: {@link org.ipcsync.device.V4l2VideoDevice}
 * with two additions.
 *
 * <p><b>Readiness through epoll.</b> A V4L2 node in an error state polls {@code POLLERR} alone
 * (after a fatal streaming error) or {@code POLLERR|POLLHUP} (after a disconnect). The engine's
 * notifier, like libcamera's, fires only on {@code POLLIN}, so it would never learn of the fault
 * and its camera manager would spin in ppoll. The readiness fd here is an epoll instance, created
 * at open, that watches the node for {@code EPOLLIN} from STREAMON to STREAMOFF: it polls
 * {@code POLLIN} exactly while the node has a buffer done or is in an error state (epoll always
 * reports errors and hang-ups), so the camera dequeues, gets EIO or ENODEV and stops listening —
 * what the engine does on {@link org.ipcsync.device.MockVideoDevice}, whose error states poll
 * readable for the same reason. The node joins the epoll set only once its buffers exist: polling
 * a node for input before REQBUFS starts vb2's read() emulation, which allocates buffers and makes
 * every later S_FMT fail with EBUSY.
 *
 * <p><b>A tally.</b> Frames, flagged frames, sequence gaps while dropping, dequeue failures and
 * injected faults go to the node's {@link DeviceTally}. Each open sets vivid's dropped-buffer
 * percentage back to 0 (the control outlives the file that set it); drivers without the control
 * refuse that silently.
 *
 * <p>Threads: as {@link VideoDevice}: the owner thread for everything, {@link #injectFault} from any.
 */
final class TalliedDevice implements VideoDevice {
    private final VideoDevice device;
    private final DeviceTally tally;
    /** Owner thread only; -1 while closed. */
    private int epoll = -1;
    /** Owner thread only: the node is in the epoll set (from STREAMON to STREAMOFF). */
    private boolean watching;
    private DeviceFormat format;

    TalliedDevice(VideoDevice device, DeviceTally tally) {
        this.device = device;
        this.tally = tally;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public void open() {
        device.open();
        try {
            device.injectFault(new Fault.DropFrames(0));
        } catch (VideoDeviceException notVivid) {
            // no fault-injection controls: nothing to reset
        }
        tally.dropping(false);
        try {
            epoll = Libc.epoll_create1(Libc.EPOLL_CLOEXEC);
        } catch (LastErrorException e) {
            device.close();
            throw new VideoDeviceException("epoll_create1", name(), e.getErrorCode(), "readiness fd", e);
        }
    }

    @Override
    public DeviceFormat setFormat(int width, int height, int fourcc) {
        format = device.setFormat(width, height, fourcc);
        return format;
    }

    @Override
    public FrameInterval setFrameRate(int fps) {
        FrameInterval interval = device.setFrameRate(fps);
        tally.configured(String.valueOf(format), interval.toString());
        return interval;
    }

    @Override
    public int requestBuffers(int count) {
        return device.requestBuffers(count);
    }

    @Override
    public void queueBuffer(int index) {
        device.queueBuffer(index);
    }

    @Override
    public Optional<DequeuedBuffer> dequeueBuffer() {
        Optional<DequeuedBuffer> b;
        try {
            b = device.dequeueBuffer();
        } catch (VideoDeviceException e) {
            tally.dequeueFailed(e.errnoName());
            throw e;
        }
        b.ifPresent(tally::dequeued);
        return b;
    }

    @Override
    public int exportBuffer(int index) {
        return device.exportBuffer(index);
    }

    @Override
    public int readBuffer(int index, ByteBuffer dst) {
        return device.readBuffer(index, dst);
    }

    @Override
    public void streamOn() {
        device.streamOn();
        tally.streaming();
        try (Memory event = new Memory(Libc.EPOLL_EVENT_SIZE)) {
            event.clear();
            event.setInt(0, Libc.EPOLLIN);
            event.setInt(4, device.readinessFd());
            Libc.epoll_ctl(epoll, Libc.EPOLL_CTL_ADD, device.readinessFd(), event);
            watching = true;
        } catch (LastErrorException e) {
            throw new VideoDeviceException("epoll_ctl(ADD)", name(), e.getErrorCode(), "readiness fd", e);
        }
    }

    @Override
    public void streamOff() {
        unwatch();
        device.streamOff();
    }

    private void unwatch() {
        if (watching) {
            watching = false;
            try {
                Libc.epoll_ctl(epoll, Libc.EPOLL_CTL_DEL, device.readinessFd(), null);
            } catch (LastErrorException ignored) {
                // the node is being closed anyway
            }
        }
    }

    @Override
    public int readinessFd() {
        if (epoll < 0) {
            throw new IllegalStateException(name() + " is not open");
        }
        return epoll;
    }

    @Override
    public short readinessEvents() {
        return Libc.POLLIN;
    }

    @Override
    public void injectFault(Fault fault) {
        try {
            device.injectFault(fault);
        } catch (VideoDeviceException e) {
            tally.refused(fault, e.errnoName());
            throw e;
        }
        tally.injected(fault);
    }

    @Override
    public void close() {
        unwatch();
        if (epoll >= 0) {
            Libc.close(epoll);
            epoll = -1;
        }
        device.close();
    }
}
