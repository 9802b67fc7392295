package org.ipcsync.libcamera;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads argument bytes in libcamera's IPADataSerializer layout (see {@link DataWriter}); every
 * read is bounds-checked and a short or inconsistent message throws {@link MalformedMessage},
 * where libcamera's generated deserializers log or assert. Not thread-safe.
 */
final class DataReader {
    /** What libcamera's deserializer would have rejected (or asserted on). */
    static final class MalformedMessage extends IllegalArgumentException {
        MalformedMessage(String message) {
            super(message);
        }
    }

    private final ByteBuffer buffer;
    private final String what;

    DataReader(byte[] data, String what) {
        this.buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.what = what;
    }

    int u32() {
        need(4);
        return buffer.getInt();
    }

    private void need(int n) {
        if (buffer.remaining() < n) {
            throw new MalformedMessage(what + ": needs " + n + " more bytes at offset " + buffer.position()
                    + ", has " + buffer.remaining());
        }
    }

    /** Reads the size table of a call with {@code count} arguments and checks it against the data. */
    int[] argumentSizes(int count) {
        int[] sizes = new int[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            sizes[i] = u32();
            total += Integer.toUnsignedLong(sizes[i]);
        }
        if (total != buffer.remaining()) {
            throw new MalformedMessage(what + ": sizes " + java.util.Arrays.toString(sizes) + " add up to "
                    + total + " bytes, the message has " + buffer.remaining());
        }
        return sizes;
    }

    void end() {
        if (buffer.hasRemaining()) {
            throw new MalformedMessage(what + ": " + buffer.remaining() + " bytes left over");
        }
    }
}
