package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ipcsync.device.DeviceTestSupport.assertErrno;
import static org.ipcsync.device.DeviceTestSupport.pread;
import static org.ipcsync.device.DeviceTestSupport.revents;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.os.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mock's driver thread: frame rate, sequence and timestamps, faults, readiness, frame content. */
class MockVideoDeviceStreamingTest {
    private static final int FPS = 100;
    private static final double JITTER = 0.2;

    private MockVideoDevice device;
    private DeviceFormat format;

    @AfterEach
    void closeDevice() {
        device.close();
    }

    private void start(int buffers, int queued) {
        device = new MockVideoDevice(3, 42, JITTER);
        device.open();
        format = device.setFormat(160, 120, DeviceFormat.YUYV);
        device.setFrameRate(FPS);
        assertThat(device.requestBuffers(buffers)).isEqualTo(buffers);
        for (int i = 0; i < queued; i++) {
            device.queueBuffer(i);
        }
        device.streamOn();
    }

    /** Dequeues and requeues, as a pipeline handler does, until {@code count} frames were seen. */
    private List<DequeuedBuffer> capture(int count) {
        List<DequeuedBuffer> frames = new ArrayList<>();
        await().pollInSameThread().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> {
            device.dequeueBuffer().ifPresent(b -> {
                frames.add(b);
                device.queueBuffer(b.index());
            });
            return frames.size() >= count;
        });
        return frames;
    }

    private short pollNow() {
        return revents(device.readinessFd(), device.readinessEvents(), 0);
    }

    @Test
    void framesArriveInOrderAndNeverAheadOfTheConfiguredRate() {
        long before = System.nanoTime();
        start(4, 4);
        List<DequeuedBuffer> frames = capture(40);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).sequence()).isGreaterThan(frames.get(i - 1).sequence());
            assertThat(frames.get(i).timestampNs()).isGreaterThan(frames.get(i - 1).timestampNs());
        }
        DequeuedBuffer last = frames.get(frames.size() - 1);
        long period = 1_000_000_000L / FPS;
        assertThat(last.timestampNs() - before)
                .as("frame %d cannot complete before its ideal time minus jitter", last.sequence())
                .isGreaterThanOrEqualTo((long) ((last.sequence() + 1 - JITTER) * period));
        assertThat(frames).allSatisfy(b -> {
            assertThat(b.bytesUsed()).isEqualTo(format.sizeImage());
            assertThat(b.error()).isFalse();
        });
    }

    @Test
    void droppedFramesLeaveGapsInTheSequence() {
        start(4, 4);
        device.injectFault(new Fault.DropFrames(50));
        List<DequeuedBuffer> frames = capture(30);
        long gaps = 0;
        for (int i = 1; i < frames.size(); i++) {
            gaps += frames.get(i).sequence() - frames.get(i - 1).sequence() - 1;
        }
        assertThat(gaps).as("frames lost between 30 delivered at 50%% drop").isBetween(5L, 100L);
    }

    @Test
    void errorFlagMarksExactlyOneLaterBuffer() {
        start(4, 4);
        capture(2);
        device.injectFault(new Fault.ErrorFlag());
        List<DequeuedBuffer> frames = capture(12);
        assertThat(frames).filteredOn(DequeuedBuffer::error).hasSize(1);
    }

    @Test
    void readinessAgreesWithDequeueAvailability() {
        start(2, 0);
        assertThat(pollNow()).as("streaming, nothing queued").isZero();
        assertThat(device.dequeueBuffer()).isEmpty();
        for (int round = 0; round < 3; round++) {
            device.queueBuffer(0);
            assertThat(revents(device.readinessFd(), Libc.POLLIN, 5000)).isEqualTo(Libc.POLLIN);
            assertThat(device.dequeueBuffer()).isPresent();
            assertThat(pollNow()).as("the only queued buffer was dequeued").isZero();
            assertThat(device.dequeueBuffer()).isEmpty();
        }
        device.streamOff();
        assertThat(pollNow() & Libc.POLLERR).as("V4L2 reports POLLERR when not streaming").isNotZero();
    }

    @Test
    void disconnectReportsErrorAndHangUpThenEnodev() {
        start(4, 4);
        int fd = device.readinessFd();
        capture(1);
        device.injectFault(new Fault.Disconnect());
        assertThat(revents(fd, Libc.POLLIN, 0) & (Libc.POLLERR | Libc.POLLHUP)).isEqualTo(Libc.POLLERR | Libc.POLLHUP);
        assertErrno("ENODEV", () -> device.dequeueBuffer());
        assertErrno("ENODEV", () -> device.queueBuffer(0));
        assertErrno("ENODEV", () -> device.streamOff());
        assertErrno("ENODEV", () -> device.requestBuffers(0));
        assertErrno("ENODEV", () -> device.injectFault(new Fault.ErrorFlag()));
    }

    @Test
    void fatalStreamingErrorGivesEioUntilStreamOff() {
        start(4, 4);
        int fd = device.readinessFd();
        capture(1);
        device.injectFault(new Fault.FatalStreamingError());
        assertThat(revents(fd, Libc.POLLIN, 0) & Libc.POLLERR).isEqualTo(Libc.POLLERR);
        assertErrno("EIO", () -> device.dequeueBuffer());
        assertErrno("EIO", () -> device.queueBuffer(0));
        device.streamOff();
        for (int i = 0; i < 4; i++) {
            device.queueBuffer(i);
        }
        device.streamOn();
        assertThat(device.readinessFd()).as("same fd number after recovery").isEqualTo(fd);
        assertThat(revents(fd, Libc.POLLIN, 5000)).isEqualTo(Libc.POLLIN);
        assertThat(capture(3)).hasSize(3);
    }

    @Test
    void exportedFdCarriesTheFramePattern() {
        start(2, 2);
        DequeuedBuffer frame = capture(1).get(0);
        device.streamOff(); // nothing completes into the buffer while we compare
        byte[] expected = FramePattern.expected(device.deviceId(), frame.sequence(), format.sizeImage());
        int fd = device.exportBuffer(frame.index());
        int dup = Libc.dup(fd);
        try {
            assertThat(pread(dup, format.sizeImage())).isEqualTo(expected);
        } finally {
            Libc.close(dup);
            Libc.close(fd);
        }
        ByteBuffer read = ByteBuffer.allocate(format.sizeImage() + 100);
        assertThat(device.readBuffer(frame.index(), read)).isEqualTo(format.sizeImage());
        assertThat(read.flip()).isEqualTo(ByteBuffer.wrap(expected));
    }
}
