package org.ipcsync.device;

import static org.ipcsync.device.V4l2Abi.*;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.ipcsync.os.Libc;

/**
 * A real V4L2 single-planar capture node (/dev/videoN) driven through ioctls with MMAP buffers,
 * opened non-blocking so DQBUF never waits; the node's own fd is the readiness fd.
 *
 * <p>Threads: the owner thread calls everything. {@link #injectFault} may come from any thread:
 * it only issues VIDIOC_S_CTRL, which the kernel serialises. Fields other than {@code fd} are
 * touched by the owner thread only.
 */
public final class V4l2VideoDevice implements VideoDevice {
    // vivid's fault-injection controls (drivers/media/test-drivers/vivid/vivid-ctrls.c).
    private static final int VIVID_CID_PERC_DROPPED = 0x00f0f040;
    private static final int VIVID_CID_DISCONNECT = 0x00f0f041;
    private static final int VIVID_CID_DQBUF_ERROR = 0x00f0f042;
    private static final int VIVID_CID_QUEUE_ERROR = 0x00f0f046;

    private record Mapping(Pointer address, long length) {}

    private final String path;
    /** Written by the owner thread, read by fault injectors. */
    private volatile int fd = -1;
    private DeviceFormat format;
    private boolean streaming;
    private Mapping[] mappings = new Mapping[0];
    /** One dmabuf per buffer, exported on first request; exportBuffer hands out dups. -1 if none. */
    private int[] dmabufs = new int[0];
    /** Which buffers the driver owns (queued or done), as far as this side has been told. */
    private boolean[] driverOwned = new boolean[0];

    public V4l2VideoDevice(String path) {
        this.path = path;
    }

    @Override
    public String name() {
        return path;
    }

    @Override
    public void open() {
        if (fd >= 0) {
            throw new IllegalStateException(path + " is already open");
        }
        int opened = sys("open", () -> Libc.open(path, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC));
        try (Memory cap = struct(CAPABILITY_SIZE)) {
            ioctl(opened, "VIDIOC_QUERYCAP", VIDIOC_QUERYCAP, cap);
            int caps = cap.getInt(CAPABILITY_CAPABILITIES);
            if ((caps & CAP_DEVICE_CAPS) != 0) {
                caps = cap.getInt(CAPABILITY_DEVICE_CAPS);
            }
            if ((caps & CAP_VIDEO_CAPTURE) == 0 || (caps & CAP_STREAMING) == 0) {
                throw new VideoDeviceException("VIDIOC_QUERYCAP", path, Libc.EINVAL,
                        "not a streaming single-planar capture device: driver " + cap.getString(CAPABILITY_DRIVER)
                        + ", card " + cap.getString(CAPABILITY_CARD) + ", capabilities " + capabilityNames(caps));
            }
        } catch (VideoDeviceException e) {
            Libc.close(opened);
            throw e;
        }
        fd = opened;
    }

    @Override
    public DeviceFormat setFormat(int width, int height, int fourcc) {
        try (Memory f = struct(FORMAT_SIZE)) {
            f.setInt(FORMAT_TYPE, BUF_TYPE_VIDEO_CAPTURE);
            f.setInt(FORMAT_PIX_WIDTH, width);
            f.setInt(FORMAT_PIX_HEIGHT, height);
            f.setInt(FORMAT_PIX_PIXELFORMAT, fourcc);
            f.setInt(FORMAT_PIX_FIELD, FIELD_ANY);
            ioctl("VIDIOC_S_FMT", VIDIOC_S_FMT, f);
            format = new DeviceFormat(f.getInt(FORMAT_PIX_WIDTH), f.getInt(FORMAT_PIX_HEIGHT),
                    f.getInt(FORMAT_PIX_PIXELFORMAT), f.getInt(FORMAT_PIX_BYTESPERLINE), f.getInt(FORMAT_PIX_SIZEIMAGE));
            return format;
        }
    }

    @Override
    public FrameInterval setFrameRate(int fps) {
        try (Memory p = struct(STREAMPARM_SIZE)) {
            p.setInt(STREAMPARM_TYPE, BUF_TYPE_VIDEO_CAPTURE);
            p.setInt(STREAMPARM_TIMEPERFRAME_NUMERATOR, 1);
            p.setInt(STREAMPARM_TIMEPERFRAME_DENOMINATOR, fps);
            ioctl("VIDIOC_S_PARM", VIDIOC_S_PARM, p);
            if ((p.getInt(STREAMPARM_CAPTURE_CAPABILITY) & CAP_TIMEPERFRAME) == 0) {
                throw new VideoDeviceException("VIDIOC_S_PARM", path, Libc.EINVAL, "the driver has no frame rate control");
            }
            return new FrameInterval(p.getInt(STREAMPARM_TIMEPERFRAME_NUMERATOR), p.getInt(STREAMPARM_TIMEPERFRAME_DENOMINATOR));
        }
    }

    @Override
    public int requestBuffers(int count) {
        if (streaming) {
            // vb2's first check; answering here keeps the mappings of a running stream intact.
            throw new VideoDeviceException("VIDIOC_REQBUFS", path, Libc.EBUSY, "streaming");
        }
        // Our mappings and dmabufs would keep the old buffers alive as orphans; drop them first.
        // If REQBUFS then fails, vb2 has usually freed the old buffers already, so none are kept.
        releaseMemory();
        int granted = reqbufs(count);
        mapBuffers(granted);
        return granted;
    }

    private int reqbufs(int count) {
        try (Memory r = struct(REQUESTBUFFERS_SIZE)) {
            r.setInt(REQUESTBUFFERS_COUNT, count);
            r.setInt(REQUESTBUFFERS_TYPE, BUF_TYPE_VIDEO_CAPTURE);
            r.setInt(REQUESTBUFFERS_MEMORY, MEMORY_MMAP);
            ioctl("VIDIOC_REQBUFS", VIDIOC_REQBUFS, r);
            return r.getInt(REQUESTBUFFERS_COUNT);
        }
    }

    private void mapBuffers(int count) {
        mappings = new Mapping[count];
        dmabufs = new int[count];
        Arrays.fill(dmabufs, -1);
        driverOwned = new boolean[count];
        for (int i = 0; i < count; i++) {
            try (Memory b = buffer(i)) {
                ioctl("VIDIOC_QUERYBUF", VIDIOC_QUERYBUF, b);
                long length = b.getInt(BUFFER_LENGTH) & 0xffff_ffffL;
                long offset = b.getInt(BUFFER_M_OFFSET) & 0xffff_ffffL;
                try {
                    Pointer address = Libc.mmap(null, new NativeLong(length), Libc.PROT_READ | Libc.PROT_WRITE,
                            Libc.MAP_SHARED, fd, new NativeLong(offset));
                    mappings[i] = new Mapping(address, length);
                } catch (LastErrorException e) {
                    throw new VideoDeviceException("mmap", path, e.getErrorCode(), "buffer " + i, e);
                }
            }
        }
    }

    /** Unmaps every buffer and closes the device's dmabufs: what vb2 needs before it frees them. */
    private void releaseMemory() {
        for (Mapping m : mappings) {
            if (m != null) {
                Libc.munmap(m.address(), new NativeLong(m.length()));
            }
        }
        for (int dmabuf : dmabufs) {
            if (dmabuf >= 0) {
                Libc.close(dmabuf);
            }
        }
        mappings = new Mapping[0];
        dmabufs = new int[0];
        driverOwned = new boolean[0];
    }

    @Override
    public void queueBuffer(int index) {
        checkIndex("VIDIOC_QBUF", index);
        try (Memory b = buffer(index)) {
            ioctl("VIDIOC_QBUF", VIDIOC_QBUF, b);
        }
        driverOwned[index] = true;
    }

    @Override
    public Optional<DequeuedBuffer> dequeueBuffer() {
        try (Memory b = buffer(0)) {
            try {
                Libc.ioctl(fd, new NativeLong(VIDIOC_DQBUF), b);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Libc.EAGAIN) {
                    return Optional.empty();
                }
                throw new VideoDeviceException("VIDIOC_DQBUF", path, e.getErrorCode(), null, e);
            }
            int index = b.getInt(BUFFER_INDEX);
            driverOwned[index] = false;
            long timestampNs = b.getLong(BUFFER_TIMESTAMP_SEC) * 1_000_000_000L + b.getLong(BUFFER_TIMESTAMP_USEC) * 1_000L;
            return Optional.of(new DequeuedBuffer(index, b.getInt(BUFFER_SEQUENCE) & 0xffff_ffffL, timestampNs,
                    b.getInt(BUFFER_BYTESUSED), (b.getInt(BUFFER_FLAGS) & BUF_FLAG_ERROR) != 0));
        }
    }

    @Override
    public int exportBuffer(int index) {
        checkIndex("VIDIOC_EXPBUF", index);
        if (dmabufs[index] < 0) {
            try (Memory e = struct(EXPORTBUFFER_SIZE)) {
                e.setInt(EXPORTBUFFER_TYPE, BUF_TYPE_VIDEO_CAPTURE);
                e.setInt(EXPORTBUFFER_INDEX, index);
                e.setInt(EXPORTBUFFER_PLANE, 0);
                e.setInt(EXPORTBUFFER_FLAGS, Libc.O_CLOEXEC | Libc.O_RDONLY);
                ioctl("VIDIOC_EXPBUF", VIDIOC_EXPBUF, e);
                dmabufs[index] = e.getInt(EXPORTBUFFER_FD);
            }
        }
        int dmabuf = dmabufs[index];
        return sys("fcntl(F_DUPFD_CLOEXEC)", () -> Libc.fcntl(dmabuf, Libc.F_DUPFD_CLOEXEC, 0));
    }

    @Override
    public int readBuffer(int index, ByteBuffer dst) {
        checkIndex("read", index);
        if (driverOwned[index]) {
            throw new VideoDeviceException("read", path, Libc.EINVAL, "buffer " + index + " is owned by the driver");
        }
        Mapping m = mappings[index];
        int n = (int) Math.min(dst.remaining(), m.length());
        dst.put(m.address().getByteBuffer(0, n));
        return n;
    }

    @Override
    public void streamOn() {
        streamIoctl("VIDIOC_STREAMON", VIDIOC_STREAMON);
        streaming = true;
    }

    @Override
    public void streamOff() {
        streamIoctl("VIDIOC_STREAMOFF", VIDIOC_STREAMOFF);
        streaming = false;
        Arrays.fill(driverOwned, false);
    }

    private void streamIoctl(String name, long request) {
        try (Memory type = new Memory(Integer.BYTES)) {
            type.setInt(0, BUF_TYPE_VIDEO_CAPTURE);
            ioctl(name, request, type);
        }
    }

    @Override
    public int readinessFd() {
        if (fd < 0) {
            throw new IllegalStateException(path + " is not open");
        }
        return fd;
    }

    @Override
    public short readinessEvents() {
        return Libc.POLLIN;
    }

    /** Through vivid's controls; other drivers reject them with EINVAL. */
    @Override
    public void injectFault(Fault fault) {
        if (fault instanceof Fault.DropFrames drop) {
            setControl(VIVID_CID_PERC_DROPPED, drop.percent());
        } else if (fault instanceof Fault.ErrorFlag) {
            setControl(VIVID_CID_DQBUF_ERROR, 1);
        } else if (fault instanceof Fault.Disconnect) {
            setControl(VIVID_CID_DISCONNECT, 1);
        } else if (fault instanceof Fault.FatalStreamingError) {
            setControl(VIVID_CID_QUEUE_ERROR, 1);
        }
    }

    private void setControl(int id, int value) {
        try (Memory c = struct(CONTROL_SIZE)) {
            c.setInt(CONTROL_ID, id);
            c.setInt(CONTROL_VALUE, value);
            ioctl("VIDIOC_S_CTRL", VIDIOC_S_CTRL, c);
        }
    }

    /**
     * Release in the order vb2 needs: stop streaming, drop our mappings and dmabufs, free the
     * buffers, close. Errors are ignored (after a disconnect every ioctl fails with ENODEV); buffers
     * a caller still holds exported stay alive, orphaned, until the caller closes them.
     */
    @Override
    public void close() {
        int closing = fd;
        if (closing < 0) {
            return;
        }
        try {
            streamIoctl("VIDIOC_STREAMOFF", VIDIOC_STREAMOFF);
        } catch (VideoDeviceException ignored) {
            // already stopped, or the device is gone
        }
        streaming = false;
        releaseMemory();
        try {
            reqbufs(0);
        } catch (VideoDeviceException ignored) {
            // ENODEV after a disconnect; closing the node frees the buffers anyway
        }
        fd = -1;
        Libc.close(closing);
    }

    private Memory buffer(int index) {
        Memory b = struct(BUFFER_SIZE);
        b.setInt(BUFFER_INDEX, index);
        b.setInt(BUFFER_TYPE, BUF_TYPE_VIDEO_CAPTURE);
        b.setInt(BUFFER_MEMORY, MEMORY_MMAP);
        return b;
    }

    private static Memory struct(int size) {
        Memory m = new Memory(size);
        m.clear();
        return m;
    }

    private void checkIndex(String op, int index) {
        if (fd < 0) {
            throw new VideoDeviceException(op, path, Libc.EBADF, "device not open");
        }
        if (index < 0 || index >= mappings.length) {
            throw new VideoDeviceException(op, path, Libc.EINVAL, "no buffer " + index + " (" + mappings.length + " allocated)");
        }
    }

    private void ioctl(String name, long request, Pointer arg) {
        ioctl(fd, name, request, arg);
    }

    private void ioctl(int onFd, String name, long request, Pointer arg) {
        if (onFd < 0) {
            throw new VideoDeviceException(name, path, Libc.EBADF, "device not open");
        }
        try {
            Libc.ioctl(onFd, new NativeLong(request), arg);
        } catch (LastErrorException e) {
            throw new VideoDeviceException(name, path, e.getErrorCode(), null, e);
        }
    }

    private int sys(String op, IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (LastErrorException e) {
            throw new VideoDeviceException(op, path, e.getErrorCode(), null, e);
        }
    }
}
