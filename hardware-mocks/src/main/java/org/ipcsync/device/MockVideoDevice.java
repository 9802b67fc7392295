package org.ipcsync.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.ipcsync.os.Libc;

/**
 * A simulated V4L2 capture driver with vb2's buffer state machine, a frame producer, real fds and
 * vivid's fault controls.
 *
 * <p>Threads: the owner thread calls the {@link VideoDevice} methods; {@link #injectFault} may come
 * from any thread. The device owns one daemon thread, the "driver", which exists only while
 * streaming and completes the oldest queued buffer once per frame interval (with seeded jitter).
 * Every field is guarded by {@code lock}; the driver does all its work, including writing frame
 * content, with the lock held, and waits on {@code tick} without it.
 *
 * <p>Where it differs from a vb2 driver: no minimum number of queued buffers before capture
 * starts; readiness reports POLLIN as well as POLLERR|POLLHUP in every error state (V4L2 reports
 * POLLERR alone when not streaming or after a fatal error); frame content is {@link FramePattern},
 * not an image.
 */
public final class MockVideoDevice implements VideoDevice {
    /** vivid asks vb2 for at least two buffers; vb2 caps the count at VB2_MAX_FRAME. */
    public static final int MIN_BUFFERS = 2;
    public static final int MAX_BUFFERS = 32;
    public static final int MAX_FPS = 120;

    private enum Owner { APPLICATION, DRIVER, DONE }

    /** One MMAP buffer: its memory is a memfd, which outlives the buffer while anyone holds an export of it. */
    private static final class Buffer {
        final int fd;
        Owner owner = Owner.APPLICATION;
        long sequence;
        long timestampNs;
        boolean error;

        Buffer(int fd) {
            this.fd = fd;
        }
    }

    private final String name;
    private final int deviceId;
    private final double jitter;
    private final Random random;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled to wake the driver early: it stopped being the driver, or the device closed. */
    private final Condition tick = lock.newCondition();

    // All below guarded by lock.
    private boolean opened;
    private boolean closed;
    private boolean disconnected;
    private boolean streaming;
    private boolean fatalError;
    private DeviceFormat format = applyFormat(320, 240, DeviceFormat.YUYV);
    private FrameInterval interval = new FrameInterval(1, 30);
    private Buffer[] buffers = new Buffer[0];
    /** Ramp of bytes 0..255 repeating, sizeImage + 256 long: a frame is one write from an offset into it. */
    private Memory ramp;
    private final ArrayDeque<Integer> queued = new ArrayDeque<>();
    private final ArrayDeque<Integer> done = new ArrayDeque<>();
    private long nextSequence;
    private int dropPercent;
    private boolean errorOnNext;
    private ReadinessSocket readiness;
    /** The current driver thread; a driver that is no longer this one exits. */
    private Thread driver;

    /** A device whose frames are exactly on time. */
    public MockVideoDevice(int deviceId) {
        this(deviceId, deviceId, 0.0);
    }

    /**
     * @param jitter each frame completes within ±{@code jitter} of its period around its ideal
     *     time (ideal times do not drift); capped at 0.45 so frames never reorder
     */
    public MockVideoDevice(int deviceId, long seed, double jitter) {
        if (jitter < 0 || jitter > 0.45) {
            throw new IllegalArgumentException("jitter out of 0..0.45: " + jitter);
        }
        this.name = "mock" + deviceId;
        this.deviceId = deviceId;
        this.jitter = jitter;
        this.random = new Random(seed);
    }

    @Override
    public String name() {
        return name;
    }

    public int deviceId() {
        return deviceId;
    }

    @Override
    public void open() {
        lock.lock();
        try {
            if (opened || closed) {
                throw new IllegalStateException(name + " is already " + (closed ? "closed" : "open"));
            }
            readiness = new ReadinessSocket(name);
            readiness.fail(); // not streaming: V4L2 reports POLLERR
            opened = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeviceFormat setFormat(int width, int height, int fourcc) {
        lock.lock();
        try {
            checkUsable("VIDIOC_S_FMT");
            if (buffers.length > 0) {
                throw fail("VIDIOC_S_FMT", Libc.EBUSY, "buffers are allocated");
            }
            format = applyFormat(width, height, fourcc);
            return format;
        } finally {
            lock.unlock();
        }
    }

    /** Like vivid: sizes clamped and rounded to even, unknown fourccs replaced by YUYV. */
    private static DeviceFormat applyFormat(int width, int height, int fourcc) {
        int bpp;
        if (fourcc == DeviceFormat.RGB24) {
            bpp = 3;
        } else if (fourcc == DeviceFormat.GREY) {
            bpp = 1;
        } else {
            fourcc = DeviceFormat.YUYV;
            bpp = 2;
        }
        int w = Math.max(16, Math.min(4096, width)) & ~1;
        int h = Math.max(16, Math.min(2160, height)) & ~1;
        return new DeviceFormat(w, h, fourcc, w * bpp, w * bpp * h);
    }

    @Override
    public FrameInterval setFrameRate(int fps) {
        lock.lock();
        try {
            checkUsable("VIDIOC_S_PARM");
            interval = new FrameInterval(1, Math.max(1, Math.min(MAX_FPS, fps)));
            return interval;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int requestBuffers(int count) {
        lock.lock();
        try {
            checkUsable("VIDIOC_REQBUFS");
            if (count < 0) {
                throw fail("VIDIOC_REQBUFS", Libc.EINVAL, "negative count " + count);
            }
            if (streaming) {
                throw fail("VIDIOC_REQBUFS", Libc.EBUSY, "streaming");
            }
            // Buffers still exported are orphaned, as vb2 does: their memory lives on for the holders.
            freeBuffers();
            int granted = count == 0 ? 0 : Math.max(MIN_BUFFERS, Math.min(MAX_BUFFERS, count));
            Buffer[] allocated = new Buffer[granted];
            try {
                for (int i = 0; i < granted; i++) {
                    allocated[i] = new Buffer(allocateMemory(i));
                }
            } catch (VideoDeviceException e) {
                for (Buffer b : allocated) {
                    if (b != null) {
                        Libc.close(b.fd);
                    }
                }
                throw e;
            }
            buffers = allocated;
            if (granted > 0) {
                byte[] bytes = new byte[format.sizeImage() + 256];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
                ramp = new Memory(bytes.length);
                ramp.write(0, bytes, 0, bytes.length);
            }
            return granted;
        } finally {
            lock.unlock();
        }
    }

    private int allocateMemory(int index) {
        String op = "VIDIOC_REQBUFS";
        int memfd = sys(op, () -> Libc.memfd_create("ipcsync-" + name + "-buf" + index, Libc.MFD_CLOEXEC));
        try {
            sys(op, () -> Libc.ftruncate(memfd, new NativeLong(format.sizeImage())));
        } catch (VideoDeviceException e) {
            Libc.close(memfd);
            throw e;
        }
        return memfd;
    }

    private void freeBuffers() {
        queued.clear();
        done.clear();
        for (Buffer b : buffers) {
            Libc.close(b.fd);
        }
        buffers = new Buffer[0];
        if (ramp != null) {
            ramp.close();
            ramp = null;
        }
    }

    @Override
    public void queueBuffer(int index) {
        lock.lock();
        try {
            Buffer b = buffer("VIDIOC_QBUF", index);
            if (fatalError) {
                throw fail("VIDIOC_QBUF", Libc.EIO, "fatal streaming error");
            }
            if (b.owner != Owner.APPLICATION) {
                throw fail("VIDIOC_QBUF", Libc.EINVAL, "buffer " + index + " is " + b.owner + ", not the application's");
            }
            b.owner = Owner.DRIVER;
            queued.add(index);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<DequeuedBuffer> dequeueBuffer() {
        lock.lock();
        try {
            checkUsable("VIDIOC_DQBUF");
            if (!streaming) {
                throw fail("VIDIOC_DQBUF", Libc.EINVAL, "not streaming");
            }
            if (fatalError) {
                throw fail("VIDIOC_DQBUF", Libc.EIO, "fatal streaming error");
            }
            Integer index = done.poll();
            if (index == null) {
                return Optional.empty();
            }
            readiness.setReady(!done.isEmpty());
            Buffer b = buffers[index];
            b.owner = Owner.APPLICATION;
            return Optional.of(new DequeuedBuffer(index, b.sequence, b.timestampNs, format.sizeImage(), b.error));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int exportBuffer(int index) {
        lock.lock();
        try {
            Buffer b = buffer("VIDIOC_EXPBUF", index);
            return sys("VIDIOC_EXPBUF", () -> Libc.fcntl(b.fd, Libc.F_DUPFD_CLOEXEC, 0));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int readBuffer(int index, ByteBuffer dst) {
        lock.lock();
        try {
            Buffer b = buffer("read", index);
            if (b.owner != Owner.APPLICATION) {
                throw fail("read", Libc.EINVAL, "buffer " + index + " is " + b.owner + ", not the application's");
            }
            int n = Math.min(dst.remaining(), format.sizeImage());
            if (n == 0) {
                return 0;
            }
            try (Memory tmp = new Memory(n)) {
                int got = sys("read", () -> Libc.pread(b.fd, tmp, new NativeLong(n), new NativeLong(0)).intValue());
                dst.put(tmp.getByteBuffer(0, got));
                return got;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void streamOn() {
        lock.lock();
        try {
            checkUsable("VIDIOC_STREAMON");
            if (buffers.length == 0) {
                throw fail("VIDIOC_STREAMON", Libc.EINVAL, "no buffers allocated");
            }
            if (streaming) {
                return; // vb2: already streaming is not an error
            }
            streaming = true;
            nextSequence = 0;
            readiness.recover();
            driver = new Thread(this::drive, "mock-video-" + deviceId + "-driver");
            driver.setDaemon(true);
            driver.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void streamOff() {
        Thread stopped;
        lock.lock();
        try {
            checkUsable("VIDIOC_STREAMOFF");
            streaming = false;
            fatalError = false;
            queued.clear();
            done.clear();
            for (Buffer b : buffers) {
                b.owner = Owner.APPLICATION;
            }
            readiness.fail();
            stopped = retireDriver();
        } finally {
            lock.unlock();
        }
        join(stopped);
    }

    @Override
    public int readinessFd() {
        lock.lock();
        try {
            if (readiness == null) {
                throw new IllegalStateException(name + " is not open");
            }
            return readiness.fd();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public short readinessEvents() {
        return Libc.POLLIN;
    }

    @Override
    public void injectFault(Fault fault) {
        Thread stopped = null;
        lock.lock();
        try {
            checkUsable("VIDIOC_S_CTRL");
            if (fault instanceof Fault.DropFrames drop) {
                dropPercent = drop.percent();
            } else if (fault instanceof Fault.ErrorFlag) {
                errorOnNext = true;
            } else if (fault instanceof Fault.Disconnect) {
                disconnected = true;
                readiness.fail();
                stopped = retireDriver();
            } else if (fault instanceof Fault.FatalStreamingError && streaming) {
                // vivid ignores it when not streaming; vb2 keeps the error until STREAMOFF.
                fatalError = true;
                readiness.fail();
            }
        } finally {
            lock.unlock();
        }
        join(stopped);
    }

    @Override
    public void close() {
        Thread stopped;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            stopped = retireDriver();
        } finally {
            lock.unlock();
        }
        join(stopped);
        lock.lock();
        try {
            freeBuffers();
            if (readiness != null) {
                readiness.close();
                readiness = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The driver thread: one frame per interval while it is still the device's driver. */
    private void drive() {
        Thread self = Thread.currentThread();
        lock.lock();
        try {
            long ideal = System.nanoTime();
            long deadline = 0;
            boolean scheduled = false;
            while (driver == self) {
                if (!scheduled) {
                    long period = interval.nanos();
                    ideal += period;
                    deadline = ideal + (long) ((random.nextDouble() * 2 - 1) * jitter * period);
                    scheduled = true;
                }
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    tick.awaitNanos(wait);
                    continue;
                }
                completeFrame();
                scheduled = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** One frame time: like vivid, a dropped or bufferless frame still uses up its sequence number. */
    private void completeFrame() {
        long sequence = nextSequence++;
        if (fatalError || (dropPercent > 0 && random.nextInt(100) < dropPercent)) {
            return;
        }
        Integer index = queued.poll();
        if (index == null) {
            return;
        }
        Buffer b = buffers[index];
        int size = format.sizeImage();
        try {
            Libc.pwrite(b.fd, ramp.share(FramePattern.bodyOffset(deviceId, sequence)), new NativeLong(size), new NativeLong(0));
            byte[] header = FramePattern.header(deviceId, sequence, size);
            try (Memory h = new Memory(header.length)) {
                h.write(0, header, 0, header.length);
                Libc.pwrite(b.fd, h, new NativeLong(header.length), new NativeLong(0));
            }
        } catch (LastErrorException e) {
            // The memory went bad under the driver: what vb2 drivers report as a fatal error.
            fatalError = true;
            readiness.fail();
            return;
        }
        b.owner = Owner.DONE;
        b.sequence = sequence & 0xffff_ffffL;
        b.timestampNs = System.nanoTime();
        b.error = errorOnNext;
        errorOnNext = false;
        done.add(index);
        readiness.setReady(true);
    }

    /** Tells the driver thread to exit; the caller joins it after releasing the lock. */
    private Thread retireDriver() {
        Thread old = driver;
        driver = null;
        tick.signalAll();
        return old;
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Buffer buffer(String op, int index) {
        checkUsable(op);
        if (index < 0 || index >= buffers.length) {
            throw fail(op, Libc.EINVAL, "no buffer " + index + " (" + buffers.length + " allocated)");
        }
        return buffers[index];
    }

    private void checkUsable(String op) {
        if (!opened || closed) {
            throw fail(op, Libc.EBADF, closed ? "device closed" : "device not open");
        }
        if (disconnected) {
            throw fail(op, Libc.ENODEV, "device disconnected");
        }
    }

    private VideoDeviceException fail(String op, int errno, String detail) {
        return new VideoDeviceException(op, name, errno, detail);
    }

    private int sys(String op, IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (LastErrorException e) {
            throw new VideoDeviceException(op, name, e.getErrorCode(), e.getMessage(), e);
        }
    }
}
