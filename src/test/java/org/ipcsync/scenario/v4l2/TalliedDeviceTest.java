package org.ipcsync.scenario.v4l2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.util.Optional;
import org.ipcsync.device.DeviceFormat;
import org.ipcsync.device.DequeuedBuffer;
import org.ipcsync.device.Fault;
import org.ipcsync.device.MockVideoDevice;
import org.ipcsync.device.VideoDeviceException;
import org.ipcsync.os.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The suite's device wrapper over the mock (the V4L2 node itself is exercised in the vivid lab):
 * its epoll readiness fd follows the device only from STREAMON to STREAMOFF, stays one fd number,
 * and everything the camera sees lands in the tally.
 */
class TalliedDeviceTest {
    private final DeviceTally tally = new DeviceTally("mock7");
    private final TalliedDevice device = new TalliedDevice(new MockVideoDevice(7), tally);

    @AfterEach
    void close() {
        device.close();
    }

    private static short revents(int fd, int timeoutMs) {
        try (Memory pfd = new Memory(8)) {
            pfd.setInt(0, fd);
            pfd.setShort(4, Libc.POLLIN);
            pfd.setShort(6, (short) 0);
            Libc.poll(pfd, new NativeLong(1), timeoutMs);
            return pfd.getShort(6);
        }
    }

    private DeviceFormat format;

    private void stream() {
        device.open();
        format = device.setFormat(64, 48, DeviceFormat.GREY);
        device.setFrameRate(100);
        int granted = device.requestBuffers(4);
        for (int i = 0; i < granted; i++) {
            device.queueBuffer(i);
        }
        device.streamOn();
    }

    @Test
    void theReadinessFdIsReadableWhileAFrameIsDoneAndOnlyWhileStreaming() {
        stream();
        int fd = device.readinessFd();
        assertThat(revents(fd, 2000)).as("a frame done within 2 s at 100 fps").isEqualTo(Libc.POLLIN);
        Optional<DequeuedBuffer> b = device.dequeueBuffer();
        assertThat(b).isPresent();
        device.streamOff();
        assertThat(device.readinessFd()).as("same fd number from open to close").isEqualTo(fd);
        assertThat(revents(fd, 50)).as("STREAMOFF takes the device out of the epoll set").isZero();
        assertThat(tally.snapshot().frames()).isEqualTo(1);
        assertThat(tally.snapshot().format()).isEqualTo(format.toString());
    }

    @Test
    void aFatalErrorWakesTheReadinessFdAndDequeueFailsWithEio() {
        stream();
        device.injectFault(new Fault.FatalStreamingError());
        assertThat(revents(device.readinessFd(), 2000)).isEqualTo(Libc.POLLIN);
        assertThatThrownBy(device::dequeueBuffer).isInstanceOfSatisfying(VideoDeviceException.class,
                e -> assertThat(e.errnoName()).isEqualTo("EIO"));
        DeviceTally.Snapshot s = tally.snapshot();
        assertThat(s.injected()).containsEntry("fatal", 1L);
        assertThat(s.dequeueErrors()).containsEntry("EIO", 1L);
        assertThat(s.observed("fatal")).isTrue();
        assertThat(s.observed("disconnect")).isFalse();
    }
}
