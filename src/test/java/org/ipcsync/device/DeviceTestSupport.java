package org.ipcsync.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.ipcsync.os.Libc;

/** Shared checks for device tests; called from the test thread only. */
final class DeviceTestSupport {
    private DeviceTestSupport() {}

    static void assertErrno(String errno, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(VideoDeviceException.class,
                        e -> assertThat(e.errnoName()).as(e.getMessage()).isEqualTo(errno));
    }

    /** poll(2) on one fd: the revents it reports within {@code timeoutMs} (0 = just look). */
    static short revents(int fd, short events, int timeoutMs) {
        return org.ipcsync.os.Fds.revents(fd, events, timeoutMs);
    }

    static byte[] pread(int fd, int length) {
        try (Memory m = new Memory(length)) {
            int got = Libc.pread(fd, m, new NativeLong(length), new NativeLong(0)).intValue();
            return m.getByteArray(0, got);
        }
    }
}
