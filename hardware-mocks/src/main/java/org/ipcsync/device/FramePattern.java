package org.ipcsync.device;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The content {@link MockVideoDevice} writes into each frame, so whoever maps an exported buffer
 * (an IPA process) can tell which device and frame it holds, and a test can predict every byte.
 * Layout: a 16-byte little-endian header (magic "IPCS", device id, sequence, length) over a body
 * where byte {@code i} is {@code i + bodyOffset(deviceId, sequence)} modulo 256. Stateless.
 */
public final class FramePattern {
    public static final int MAGIC = 0x53435049; // "IPCS" read little-endian
    public static final int HEADER_BYTES = 16;

    private FramePattern() {}

    /** The body's starting byte value; also the offset into a 0..255 ramp the mock writes from. */
    public static int bodyOffset(int deviceId, long sequence) {
        return (int) ((deviceId * 131L + sequence) & 0xff);
    }

    public static byte[] header(int deviceId, long sequence, int length) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(MAGIC).putInt(deviceId).putInt((int) sequence).putInt(length).array();
    }

    /** Every byte of frame {@code sequence} of device {@code deviceId}, {@code length} bytes long. */
    public static byte[] expected(int deviceId, long sequence, int length) {
        byte[] frame = new byte[length];
        int offset = bodyOffset(deviceId, sequence);
        for (int i = 0; i < length; i++) {
            frame[i] = (byte) (i + offset);
        }
        byte[] header = header(deviceId, sequence, length);
        System.arraycopy(header, 0, frame, 0, Math.min(HEADER_BYTES, length));
        return frame;
    }
}
