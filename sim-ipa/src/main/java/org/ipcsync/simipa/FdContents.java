package org.ipcsync.simipa;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import org.ipcsync.os.Libc;

/**
 * Reads the bytes behind a received fd. Files and memfds are read with positional reads: a
 * passed fd shares its file offset with the sender's, so plain reads would move the sender's
 * position. A dmabuf (a V4L2 buffer exported with EXPBUF) has no read at all; it is mapped and
 * read through the mapping, as libcamera's IPAs map the frame buffers they are given. Stateless.
 */
final class FdContents {
    /** Whole-file reads stop here; the kit's buffers and test files are far smaller. */
    static final int MAX_BYTES = 16 << 20;

    private FdContents() {}

    /** Up to {@code length} bytes from offset 0 (fewer at end of file). */
    static byte[] read(int fd, int length) {
        try {
            return readPositional(fd, length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Libc.EINVAL && e.getErrorCode() != Libc.ESPIPE) {
                throw e;
            }
            return readMapped(fd, length);
        }
    }

    static byte[] readAll(int fd) {
        return read(fd, MAX_BYTES);
    }

    private static byte[] readPositional(int fd, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Memory chunk = new Memory(64 * 1024);
        long offset = 0;
        while (offset < length) {
            int want = (int) Math.min(chunk.size(), length - offset);
            long n = Libc.pread(fd, chunk, new NativeLong(want), new NativeLong(offset)).longValue();
            if (n <= 0) {
                break;
            }
            out.write(chunk.getByteArray(0, (int) n), 0, (int) n);
            offset += n;
        }
        return out.toByteArray();
    }

    /** A dmabuf's size is where SEEK_END puts it (its offset is nobody's read position). */
    private static byte[] readMapped(int fd, int length) {
        long size = Libc.lseek(fd, new NativeLong(0), Libc.SEEK_END).longValue();
        int n = (int) Math.min(size, length);
        if (n <= 0) {
            return new byte[0];
        }
        NativeLong len = new NativeLong(n);
        Pointer map = Libc.mmap(null, len, Libc.PROT_READ, Libc.MAP_SHARED, fd, new NativeLong(0));
        try {
            return map.getByteArray(0, n);
        } finally {
            Libc.munmap(map, len);
        }
    }

    static int crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
