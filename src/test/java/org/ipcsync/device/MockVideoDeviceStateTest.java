package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.ipcsync.device.DeviceTestSupport.assertErrno;
import static org.ipcsync.device.DeviceTestSupport.revents;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.os.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** vb2's buffer state machine as the mock enforces it: every illegal call and its errno. */
class MockVideoDeviceStateTest {
    private MockVideoDevice device;
    private DeviceFormat format;

    @BeforeEach
    void openDevice() {
        device = new MockVideoDevice(7);
        device.open();
        format = device.setFormat(64, 32, DeviceFormat.GREY);
        device.setFrameRate(100);
    }

    @AfterEach
    void closeDevice() {
        device.close();
    }

    private DequeuedBuffer awaitFrame() {
        List<DequeuedBuffer> got = new ArrayList<>();
        await().pollInSameThread().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(5))
                .until(() -> device.dequeueBuffer().map(got::add).orElse(false));
        return got.get(0);
    }

    @Test
    void requestBuffersGrantsBetweenVividsMinimumAndVb2sMaximum() {
        assertThat(device.requestBuffers(1)).isEqualTo(MockVideoDevice.MIN_BUFFERS);
        assertThat(device.requestBuffers(100)).isEqualTo(MockVideoDevice.MAX_BUFFERS);
        assertThat(device.requestBuffers(0)).isZero();
        assertErrno("EINVAL", () -> device.requestBuffers(-1));
    }

    @Test
    void formatIsAdjustedByTheDriverAndLockedOnceBuffersExist() {
        DeviceFormat applied = device.setFormat(641, 5, DeviceFormat.fourcc('N', 'O', 'P', 'E'));
        assertThat(applied).isEqualTo(new DeviceFormat(640, 16, DeviceFormat.YUYV, 1280, 1280 * 16));
        device.requestBuffers(2);
        assertErrno("EBUSY", () -> device.setFormat(320, 240, DeviceFormat.YUYV));
    }

    @Test
    void queueingNeedsAnApplicationOwnedBuffer() {
        assertErrno("EINVAL", () -> device.queueBuffer(0));
        device.requestBuffers(2);
        assertErrno("EINVAL", () -> device.queueBuffer(2));
        assertErrno("EINVAL", () -> device.queueBuffer(-1));
        device.queueBuffer(0);
        assertErrno("EINVAL", () -> device.queueBuffer(0));
    }

    @Test
    void aDoneBufferCannotBeQueuedUntilDequeued() {
        device.requestBuffers(2);
        device.queueBuffer(0);
        device.streamOn();
        await().atMost(Duration.ofSeconds(5)).until(() -> (revents(device.readinessFd(), Libc.POLLIN, 0) & Libc.POLLIN) != 0);
        assertErrno("EINVAL", () -> device.queueBuffer(0));
        assertErrno("EINVAL", () -> device.readBuffer(0, ByteBuffer.allocate(16)));
        assertThat(device.dequeueBuffer()).hasValueSatisfying(b -> assertThat(b.index()).isZero());
        device.queueBuffer(0);
    }

    @Test
    void dequeueingNeedsStreamingAndReportsNothingDoneAsEmpty() {
        device.requestBuffers(2);
        assertErrno("EINVAL", () -> device.dequeueBuffer());
        device.streamOn();
        assertThat(device.dequeueBuffer()).as("no buffer queued, so none can be done").isEmpty();
    }

    @Test
    void streamOnNeedsBuffersAndIsIdempotent() {
        assertErrno("EINVAL", () -> device.streamOn());
        device.requestBuffers(2);
        device.streamOn();
        device.streamOn();
    }

    @Test
    void requestBuffersIsBusyWhileStreaming() {
        device.requestBuffers(2);
        device.streamOn();
        assertErrno("EBUSY", () -> device.requestBuffers(0));
        device.streamOff();
        assertThat(device.requestBuffers(0)).isZero();
    }

    @Test
    void streamOffReturnsQueuedAndDoneBuffersAndDropsTheirFrames() {
        device.requestBuffers(4);
        for (int i = 0; i < 4; i++) {
            device.queueBuffer(i);
        }
        device.streamOn();
        awaitFrame();
        device.streamOff();
        for (int i = 0; i < 4; i++) {
            device.queueBuffer(i); // all four are the application's again
        }
        device.streamOn();
        assertThat(awaitFrame().sequence()).as("done frames were dropped; sequence restarts").isZero();
    }

    @Test
    void requestBuffersOrphansAnExportedBufferInsteadOfRefusing() {
        device.requestBuffers(2);
        device.queueBuffer(0);
        device.streamOn();
        DequeuedBuffer frame = awaitFrame();
        device.streamOff();
        int fd = device.exportBuffer(frame.index());
        NativeLong size = new NativeLong(format.sizeImage());
        Pointer map = Libc.mmap(null, size, Libc.PROT_READ, Libc.MAP_SHARED, fd, new NativeLong(0));
        try {
            assertThat(device.requestBuffers(0)).isZero();
            byte[] expected = FramePattern.expected(device.deviceId(), frame.sequence(), format.sizeImage());
            assertThat(DeviceTestSupport.pread(fd, format.sizeImage())).as("orphaned memory through the fd").isEqualTo(expected);
            assertThat(map.getByteArray(0, format.sizeImage())).as("and through its mapping").isEqualTo(expected);
        } finally {
            Libc.munmap(map, size);
            Libc.close(fd);
        }
    }

    @Test
    void everyOperationAfterCloseIsEbadf() {
        device.requestBuffers(2);
        device.close();
        assertErrno("EBADF", () -> device.queueBuffer(0));
        assertErrno("EBADF", () -> device.dequeueBuffer());
        assertErrno("EBADF", () -> device.streamOn());
        assertErrno("EBADF", () -> device.injectFault(new Fault.ErrorFlag()));
        device.close();
    }

    @Test
    void errorsNameTheOperationTheDeviceAndErrno() {
        assertThatThrownBy(() -> device.queueBuffer(3))
                .isInstanceOfSatisfying(VideoDeviceException.class, e -> {
                    assertThat(e.operation()).isEqualTo("VIDIOC_QBUF");
                    assertThat(e.device()).isEqualTo("mock7");
                    assertThat(e.errno()).isEqualTo(Libc.EINVAL);
                })
                .hasMessageStartingWith("VIDIOC_QBUF on mock7 failed: EINVAL (22)");
    }
}
