package org.ipcsync.simipa;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import org.ipcsync.os.Libc;

/**
 * Reads the bytes behind a received fd with positional reads: a passed fd shares its file
 * offset with the sender's, so plain reads would move the sender's position. Stateless.
 */
final class FdContents {
    /** Whole-file reads stop here; the kit's buffers and test files are far smaller. */
    static final int MAX_BYTES = 16 << 20;

    private FdContents() {}

    /** Up to {@code length} bytes from offset 0 (fewer at end of file). */
    static byte[] read(int fd, int length) {
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

    static byte[] readAll(int fd) {
        return read(fd, MAX_BYTES);
    }

    static int crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
