package org.ipcsync.device;

import org.ipcsync.os.Errno;

/**
 * A failed device operation, named the way V4L2 names it ({@code VIDIOC_QBUF}, ...), with the
 * device and the errno the kernel (or the mock standing in for it) returned. Unchecked, because
 * callers react to the errno, not to the type. Immutable; safe to pass between threads.
 */
public final class VideoDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String device;
    private final int errno;

    public VideoDeviceException(String operation, String device, int errno, String detail) {
        this(operation, device, errno, detail, null);
    }

    public VideoDeviceException(String operation, String device, int errno, String detail, Throwable cause) {
        super(operation + " on " + device + " failed: " + Errno.name(errno) + " (" + errno + ")"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
        this.operation = operation;
        this.device = device;
        this.errno = errno;
    }

    /** The ioctl (or {@code open}, {@code mmap}, ...) that failed. */
    public String operation() {
        return operation;
    }

    public String device() {
        return device;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }
}
