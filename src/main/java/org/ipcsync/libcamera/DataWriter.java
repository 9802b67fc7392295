package org.ipcsync.libcamera;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds argument bytes in libcamera's IPADataSerializer layout: little-endian PODs (host order
 * on x86-64), a string as {@code u32 length} then its bytes, a plain struct, vector or map field
 * behind its own {@code u32 size} (and {@code u32 fd count} when the type can carry fds).
 * Not thread-safe: one writer per message being built.
 */
final class DataWriter {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    DataWriter u32(long value) {
        for (int i = 0; i < 4; i++) {
            bytes.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    DataWriter u64(long value) {
        return u32(value).u32(value >>> 32);
    }

    DataWriter u8(int value) {
        bytes.write(value & 0xff);
        return this;
    }

    DataWriter bytes(byte[] b) {
        bytes.writeBytes(b);
        return this;
    }

    /** libcamera's {@code IPADataSerializer<std::string>} behind its field size: u32 length, bytes. */
    DataWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u32(b.length).bytes(b);
    }

    /** A field that travels behind its size: {@code u32 size} then the bytes. */
    DataWriter sized(DataWriter field) {
        return u32(field.size()).bytes(field.toBytes());
    }

    /** An element of a vector or map: {@code u32 size, u32 fd count} then the bytes. */
    DataWriter element(DataWriter field, int fdCount) {
        return u32(field.size()).u32(fdCount).bytes(field.toBytes());
    }

    int size() {
        return bytes.size();
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }

    /**
     * A call's arguments as libcamera's proxy lays them out: with more than one argument, a table
     * of their u32 sizes comes first. (An argument that can carry fds would add its fd count to the
     * table; no vimc call with several arguments has one.)
     */
    static byte[] arguments(DataWriter... args) {
        DataWriter out = new DataWriter();
        if (args.length > 1) {
            for (DataWriter a : args) {
                out.u32(a.size());
            }
        }
        for (DataWriter a : args) {
            out.bytes(a.toBytes());
        }
        return out.toBytes();
    }
}
