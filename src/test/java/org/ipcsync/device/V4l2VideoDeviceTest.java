package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the real backend does without a V4L2 device: refuse clearly. The vivid lab test covers the rest. */
class V4l2VideoDeviceTest {
    @Test
    void aMissingNodeIsReportedWithPathAndErrno() {
        V4l2VideoDevice device = new V4l2VideoDevice("/dev/video-ipcsync-missing");
        assertThatThrownBy(device::open).isInstanceOfSatisfying(VideoDeviceException.class, e -> {
            assertThat(e.operation()).isEqualTo("open");
            assertThat(e.errnoName()).isEqualTo("ENOENT");
        }).hasMessageContaining("/dev/video-ipcsync-missing");
    }

    @Test
    void aNodeThatIsNoV4l2DeviceFailsQuerycap() {
        V4l2VideoDevice device = new V4l2VideoDevice("/dev/null");
        assertThatThrownBy(device::open).isInstanceOfSatisfying(VideoDeviceException.class, e -> {
            assertThat(e.operation()).isEqualTo("VIDIOC_QUERYCAP");
            assertThat(e.errnoName()).isEqualTo("ENOTTY");
        }).hasMessageStartingWith("VIDIOC_QUERYCAP on /dev/null failed: ENOTTY");
        assertThatThrownBy(() -> device.queueBuffer(0)).hasMessageContaining("EBADF");
    }
}
