package org.ipcsync.device;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import org.ipcsync.os.Libc;

/**
 * Exercises {@link V4l2VideoDevice} on vivid inside the vivid lab: per device, in its own thread,
 * capture 30 frames with checksums, compare a buffer read through its dmabuf export with the V4L2
 * mapping, inject the error flag and dropped frames, check a buffer exported across REQBUFS 0 is
 * orphaned intact, and end with a fatal streaming error (first device) or a disconnect (the others).
 * Writes one JSON object to the result file; exits 1 if any device failed a check.
 *
 * <p>Usage: {@code VividSmoke RESULT.json /dev/video0 [/dev/videoN...]}. Each device is used by one
 * thread only.
 */
public final class VividSmoke {
    private static final int FRAMES = 30;
    private static final int FRAME_TIMEOUT_MS = 5000;

    private VividSmoke() {}

    public static void main(String[] args) throws IOException, InterruptedException, ExecutionException {
        if (args.length < 2) {
            System.err.println("usage: VividSmoke RESULT.json /dev/videoN...");
            System.exit(2);
        }
        long start = System.nanoTime();
        List<String> paths = List.of(args).subList(1, args.length);
        ExecutorService pool = Executors.newFixedThreadPool(paths.size());
        List<Future<DeviceRun>> runs = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            DeviceRun run = new DeviceRun(paths.get(i), i == 0);
            runs.add(pool.submit(() -> {
                run.execute();
                return run;
            }));
        }
        StringJoiner devices = new StringJoiner(",\n    ", "[\n    ", "\n  ]");
        boolean ok = true;
        for (Future<DeviceRun> f : runs) {
            DeviceRun run = f.get();
            ok &= run.ok();
            devices.add(run.json.toString());
        }
        pool.shutdown();
        String json = "{\n  \"ok\": " + ok + ",\n  \"elapsed_ms\": " + (System.nanoTime() - start) / 1_000_000
                + ",\n  \"devices\": " + devices + "\n}\n";
        Files.writeString(Path.of(args[0]), json);
        System.out.print(json);
        System.exit(ok ? 0 : 1);
    }

    /** One device's checks; its JSON fields accumulate as the run goes, so a failure shows how far it got. */
    private static final class DeviceRun {
        final String path;
        final boolean fatalErrorLast;
        final StringJoiner json = new StringJoiner(", ", "{", "}");
        final List<String> failures = new ArrayList<>();
        V4l2VideoDevice device;
        DeviceFormat format;

        DeviceRun(String path, boolean fatalErrorLast) {
            this.path = path;
            this.fatalErrorLast = fatalErrorLast;
        }

        boolean ok() {
            return failures.isEmpty();
        }

        void put(String key, Object value) {
            String v = value instanceof String s ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : String.valueOf(value);
            json.add("\"" + key + "\": " + v);
        }

        void check(boolean condition, String what) {
            if (!condition) {
                failures.add(what);
            }
        }

        void execute() {
            put("device", path);
            device = new V4l2VideoDevice(path);
            try {
                device.open();
                format = device.setFormat(320, 180, DeviceFormat.YUYV);
                put("format", format.toString());
                put("interval", device.setFrameRate(30).toString());
                start(4);
                capture();
                compareDmabuf();
                errorFlag();
                dropFrames();
                reqbufsWhileExported();
                if (fatalErrorLast) {
                    fatalError();
                } else {
                    disconnect();
                }
            } catch (RuntimeException e) {
                failures.add(e.toString());
            } finally {
                device.close();
            }
            StringJoiner f = new StringJoiner(", ", "[", "]");
            failures.forEach(s -> f.add("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""));
            json.add("\"failures\": " + f);
        }

        void start(int buffers) {
            int granted = device.requestBuffers(buffers);
            for (int i = 0; i < granted; i++) {
                device.queueBuffer(i);
            }
            device.streamOn();
        }

        DequeuedBuffer next() {
            long deadline = System.nanoTime() + FRAME_TIMEOUT_MS * 1_000_000L;
            while (true) {
                Optional<DequeuedBuffer> b = device.dequeueBuffer();
                if (b.isPresent()) {
                    return b.get();
                }
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000);
                if (left <= 0) {
                    throw new IllegalStateException(path + ": no frame within " + FRAME_TIMEOUT_MS + " ms");
                }
                org.ipcsync.os.Fds.revents(device.readinessFd(), device.readinessEvents(), left);
            }
        }

        long crc(DequeuedBuffer b) {
            ByteBuffer bytes = ByteBuffer.allocate(b.bytesUsed());
            device.readBuffer(b.index(), bytes);
            CRC32 crc = new CRC32();
            crc.update(bytes.flip());
            return crc.getValue();
        }

        void capture() {
            StringJoiner crcs = new StringJoiner(",", "[", "]");
            long first = -1;
            long last = -1;
            boolean increasing = true;
            for (int i = 0; i < FRAMES; i++) {
                DequeuedBuffer b = next();
                increasing &= b.sequence() > last;
                first = first < 0 ? b.sequence() : first;
                last = b.sequence();
                crcs.add(String.format("\"%08x\"", crc(b)));
                check(b.bytesUsed() == format.sizeImage(), "bytesused " + b.bytesUsed() + " != " + format.sizeImage());
                device.queueBuffer(b.index());
            }
            put("frames", FRAMES);
            put("first_sequence", first);
            put("last_sequence", last);
            put("sequence_increasing", increasing);
            json.add("\"checksums\": " + crcs);
            check(increasing, "sequence not increasing");
        }

        void compareDmabuf() {
            DequeuedBuffer b = next();
            int fd = device.exportBuffer(b.index());
            try {
                NativeLong length = new NativeLong(b.bytesUsed());
                Pointer map = Libc.mmap(null, length, Libc.PROT_READ, Libc.MAP_SHARED, fd, new NativeLong(0));
                try {
                    byte[] viaDmabuf = map.getByteArray(0, b.bytesUsed());
                    ByteBuffer viaV4l2 = ByteBuffer.allocate(b.bytesUsed());
                    device.readBuffer(b.index(), viaV4l2);
                    CRC32 crc = new CRC32();
                    crc.update(viaDmabuf);
                    put("dmabuf_crc", String.format("%08x", crc.getValue()));
                    put("v4l2_crc", String.format("%08x", crc(b)));
                    boolean match = ByteBuffer.wrap(viaDmabuf).equals(viaV4l2.flip());
                    put("dmabuf_match", match);
                    check(match, "dmabuf bytes differ from the V4L2 mapping");
                } finally {
                    Libc.munmap(map, length);
                }
            } finally {
                Libc.close(fd);
            }
            device.queueBuffer(b.index());
        }

        void errorFlag() {
            device.injectFault(new Fault.ErrorFlag());
            int flagged = 0;
            for (int i = 0; i < 8; i++) {
                DequeuedBuffer b = next();
                flagged += b.error() ? 1 : 0;
                device.queueBuffer(b.index());
            }
            put("error_flag_frames", flagged);
            check(flagged == 1, "error flag on " + flagged + " of 8 frames after one injection");
        }

        void dropFrames() {
            device.injectFault(new Fault.DropFrames(50));
            long last = -1;
            long gaps = 0;
            for (int i = 0; i < 16; i++) {
                DequeuedBuffer b = next();
                gaps += last < 0 ? 0 : b.sequence() - last - 1;
                last = b.sequence();
                device.queueBuffer(b.index());
            }
            device.injectFault(new Fault.DropFrames(0));
            put("dropped_at_50_percent", gaps);
            check(gaps > 0, "no sequence gaps at 50% dropped");
        }

        /** vb2 orphans a buffer that is freed while exported: the holder keeps valid memory. */
        void reqbufsWhileExported() {
            device.streamOff();
            int fd = device.exportBuffer(0);
            try {
                long before = dmabufCrc(fd);
                put("reqbufs_while_exported", errnoOf(() -> device.requestBuffers(0)));
                long after = dmabufCrc(fd);
                put("orphaned_buffer_intact", before == after);
                check(before == after, "exported buffer changed after REQBUFS 0");
            } finally {
                Libc.close(fd);
            }
        }

        long dmabufCrc(int fd) {
            NativeLong length = new NativeLong(format.sizeImage());
            Pointer map = Libc.mmap(null, length, Libc.PROT_READ, Libc.MAP_SHARED, fd, new NativeLong(0));
            try {
                CRC32 crc = new CRC32();
                crc.update(map.getByteBuffer(0, format.sizeImage()));
                return crc.getValue();
            } finally {
                Libc.munmap(map, length);
            }
        }

        void fatalError() {
            start(4);
            device.queueBuffer(next().index());
            device.injectFault(new Fault.FatalStreamingError());
            short revents = org.ipcsync.os.Fds.revents(device.readinessFd(), device.readinessEvents(), 0);
            put("fault", "fatal_streaming_error");
            put("fault_revents", String.format("0x%x", revents));
            check((revents & Libc.POLLERR) != 0, "no POLLERR after a fatal streaming error");
            put("fault_dqbuf", errnoOf(() -> device.dequeueBuffer()));
            device.streamOff();
            start(4);
            next();
            put("recovered_after_streamoff", true);
        }

        void disconnect() {
            start(4);
            device.queueBuffer(next().index());
            device.injectFault(new Fault.Disconnect());
            short revents = org.ipcsync.os.Fds.revents(device.readinessFd(), device.readinessEvents(), 0);
            put("fault", "disconnect");
            put("fault_revents", String.format("0x%x", revents));
            check((revents & (Libc.POLLERR | Libc.POLLHUP)) == (Libc.POLLERR | Libc.POLLHUP), "no POLLERR|POLLHUP after disconnect");
            put("fault_dqbuf", errnoOf(() -> device.dequeueBuffer()));
        }

        String errnoOf(Runnable call) {
            try {
                call.run();
                return "ok";
            } catch (VideoDeviceException e) {
                return e.errnoName();
            }
        }
    }

}
