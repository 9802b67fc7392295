package org.ipcsync.os;

import com.sun.jna.LastErrorException;

/** Names errno values for error messages; libc's strerror wording is not needed, the symbol is. */
public final class Errno {
    private Errno() {}

    public static String name(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 4 -> "EINTR";
            case 5 -> "EIO";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 14 -> "EFAULT";
            case 16 -> "EBUSY";
            case 19 -> "ENODEV";
            case 22 -> "EINVAL";
            case 25 -> "ENOTTY";
            case 32 -> "EPIPE";
            case 105 -> "ENOBUFS";
            case 107 -> "ENOTCONN";
            case 110 -> "ETIMEDOUT";
            case 111 -> "ECONNREFUSED";
            default -> "errno " + errno;
        };
    }

    public static String describe(LastErrorException e) {
        return name(e.getErrorCode()) + " (" + e.getErrorCode() + ")";
    }
}
