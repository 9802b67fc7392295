package org.ipcsync.ipa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Argument layouts of the kit's IPA interface, shared by the pipeline-side proxy and the
 * simulated worker. Every field is a little-endian u32 (libcamera's serializer writes host order).
 *
 * <pre>
 *   init(cameraId)                 reply: status
 *   any sync command whose script has "checksum": status, then crc32, bytesRead per received fd
 *   configure(width, height)       reply: status
 *   start() / stop()               reply: status          (no arguments)
 *   mapBuffers(count, ids[count])  reply: status          (fds[count] beside)
 *   unmapBuffers(count, ids[count]) reply: status
 *   queueRequest(frame)            async -> event paramsReady(frame, 0)
 *   processStats(frame, bufferId, length) async, one fd   -> event metadataReady(frame, crc32, bytesRead)
 *   scripted events around a sync reply: paramsReady(requestCookie, index)
 * </pre>
 */
public final class IpaCodec {
    private IpaCodec() {}

    public static byte[] u32s(int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    /** Reads {@code count} u32 fields; throws IllegalArgumentException if the data is too short. */
    public static int[] readU32s(byte[] data, int count) {
        if (data.length < count * 4) {
            throw new IllegalArgumentException("expected " + count * 4 + " argument bytes, got " + data.length);
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.getInt();
        }
        return out;
    }

    /** The reply payload of a sync command. */
    public static byte[] status(int status) {
        return u32s(status);
    }

    public static int readStatus(byte[] data) {
        return readU32s(data, 1)[0];
    }
}
