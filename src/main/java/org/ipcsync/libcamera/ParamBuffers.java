package org.ipcsync.libcamera;

import com.sun.jna.NativeLong;
import java.util.ArrayList;
import java.util.List;
import org.ipcsync.os.Libc;

/**
 * The parameter buffers the vimc pipeline shares with its IPA in mapBuffers: here one memfd per
 * buffer, sized like vimc's (57600 bytes), which the real IPA maps read-only. Ids start at 1, as
 * in libcamera. Owns the fds until {@link #close}. Threads: create and close from one thread.
 */
final class ParamBuffers implements AutoCloseable {
    /** The plane length of vimc's parameter buffers in the capture. */
    static final int LENGTH = 57600;

    private final List<VimcCodec.IpaBuffer> buffers = new ArrayList<>();

    ParamBuffers(int count) {
        try {
            for (int id = 1; id <= count; id++) {
                int fd = Libc.memfd_create("ipcsync-vimc-params-" + id, Libc.MFD_CLOEXEC);
                buffers.add(new VimcCodec.IpaBuffer(id, List.of(new VimcCodec.Plane(fd, 0, LENGTH))));
                Libc.ftruncate(fd, new NativeLong(LENGTH));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<VimcCodec.IpaBuffer> buffers() {
        return List.copyOf(buffers);
    }

    List<Integer> ids() {
        return buffers.stream().map(VimcCodec.IpaBuffer::id).toList();
    }

    @Override
    public void close() {
        for (VimcCodec.IpaBuffer b : buffers) {
            for (VimcCodec.Plane p : b.planes()) {
                Libc.close(p.fd());
            }
        }
        buffers.clear();
    }
}
