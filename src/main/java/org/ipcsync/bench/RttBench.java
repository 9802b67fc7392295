package org.ipcsync.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ipcsync.os.Libc;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.simipa.SimIpa;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.worker.WorkerCommand;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.FileDescriptorCast;

/**
 * Measures {@code ./kit bench rtt}: sync round trip (8-byte request, 12-byte reply, no fds) for
 * every pipe design against sim-ipa, next to two baselines with libcamera's framing measured in
 * the same run (and the pipes once more against the C worker, which separates the pipe's own cost
 * from sim-ipa's): a C parent/child ping-pong over poll (sim-ipa/c/pingpong.c) and a raw junixsocket
 * ping-pong between two Java threads doing blocking reads. A third C row runs the same ping-pong
 * shaped like the threaded design (a receiver thread hands each reply to the caller through a
 * mutex + condition variable): that design's floor, one thread wake-up per round trip more than
 * the baseline. Each row has the median and p99; the command adds each median's ratio to the C
 * baseline. Runs in the calling thread; starts and stops its own workers.
 */
public final class RttBench {
    /** One configuration's round trips; the first row of {@link #measure} is the C baseline. */
    public record Row(String name, double medianUs, double p99Us) {}

    /** A Java design next to the C ping-pong of the same shape, both against the C worker, same run. */
    public record ShapeRatio(String design, Row java, Row c) {
        public double ratio() {
            return java.medianUs() / c.medianUs();
        }
    }

    static final String C_POLL = "C ping-pong, poll (libcamera framing)";
    static final String C_THREADED = "C ping-pong, receiver thread + condvar";
    private static final String C_WORKER = "C worker";

    /**
     * The C ping-pong a design is shaped like: a design that polls its socket (nested) against the
     * polling one, a design with a receiver thread (threaded) against the mutex and condition
     * variable one.
     */
    static String cShape(PipeDesign design) {
        return switch (design.waits()) {
            case POLL -> C_POLL;
            case RECEIVER_THREAD -> C_THREADED;
        };
    }

    /** For every design with a C shape: its pipe against the C worker next to that C ping-pong. */
    public static List<ShapeRatio> sameShape(List<Row> rows) {
        List<ShapeRatio> out = new ArrayList<>();
        for (PipeDesign design : DesignCatalog.pipes()) {
            Row java = find(rows, pipeRowName(design.name(), C_WORKER));
            Row c = find(rows, cShape(design));
            if (java != null && c != null) {
                out.add(new ShapeRatio(design.name(), java, c));
            }
        }
        return out;
    }

    private static Row find(List<Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    static String pipeRowName(String design, String workerName) {
        return design + " pipe -> " + workerName;
    }

    private RttBench() {}

    /** Every configuration, C baseline first. */
    public static List<Row> measure(int calls, int warmup) throws Exception {
        List<Row> rows = new ArrayList<>();
        rows.add(cPingPong(calls, warmup, false));
        rows.add(cPingPong(calls, warmup, true));
        rows.add(javaPingPong(calls, warmup));
        for (PipeDesign design : DesignCatalog.pipes()) {
            rows.add(pipe(design, SimIpa.unixSocketTestCommand(), "sim-ipa", calls, warmup));
        }
        // The same pipes against the C worker: what the Java worker costs versus the pipe itself.
        WorkerCommand cWorker = new WorkerCommand(CPrograms.build("unixsocket_worker").toString(), "");
        for (PipeDesign design : DesignCatalog.pipes()) {
            rows.add(pipe(design, cWorker, C_WORKER, calls, warmup));
        }
        return rows;
    }

    private static Row cPingPong(int calls, int warmup, boolean threaded) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CPrograms.build("pingpong").toString(), Integer.toString(calls),
                Integer.toString(warmup)));
        if (threaded) {
            command.add("threaded");
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IOException("pingpong failed: " + output);
        }
        String[] f = output.split("\\s+");
        return new Row(threaded ? C_THREADED : C_POLL,
                Double.parseDouble(f[0]), Double.parseDouble(f[1]));
    }

    /** Two Java threads, blocking junixsocket channels, header + data datagram each way. */
    private static Row javaPingPong(int calls, int warmup) throws Exception {
        com.sun.jna.Memory pair = new com.sun.jna.Memory(8);
        Libc.socketpair(Libc.AF_UNIX, 2 | Libc.SOCK_CLOEXEC, 0, pair);
        int fa = pair.getInt(0);
        int fb = pair.getInt(4);
        AFUNIXDatagramChannel a = FileDescriptorCast.unsafeUsing(fa).as(AFUNIXDatagramChannel.class);
        AFUNIXDatagramChannel b = FileDescriptorCast.unsafeUsing(fb).as(AFUNIXDatagramChannel.class);
        int total = calls + warmup;
        Thread echo = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(64);
            try {
                for (int i = 0; i < total; i++) {
                    for (int d = 0; d < 2; d++) {
                        buf.clear();
                        b.read(buf);
                        buf.flip();
                        b.write(buf);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "rtt-echo");
        echo.start();
        ByteBuffer header = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(8).putInt(0).flip();
        ByteBuffer data = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(1).putInt(0).flip();
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        long[] rtt = new long[calls];
        for (int i = 0; i < total; i++) {
            long t0 = System.nanoTime();
            header.rewind();
            a.write(header);
            data.rewind();
            a.write(data);
            in.clear();
            a.read(in);
            in.clear();
            a.read(in);
            if (i >= warmup) {
                rtt[i - warmup] = System.nanoTime() - t0;
            }
        }
        echo.join();
        a.close();
        b.close();
        Libc.close(fa);
        Libc.close(fb);
        return row("Java threads, junixsocket blocking", rtt);
    }

    private static Row pipe(PipeDesign design, WorkerCommand worker, String workerName, int calls, int warmup) {
        // The timeout only has to outlast the worker JVM's start-up.
        try (IPCPipe pipe = design.create(worker,
                PipeOptions.defaults().withTimeout(java.time.Duration.ofSeconds(20)))) {
            if (!pipe.isConnected()) {
                throw new IllegalStateException(design + ": worker did not start");
            }
            IPCMessage out = new IPCMessage();
            long[] rtt = new long[calls];
            int cookie = 0;
            for (int i = 0; i < calls + warmup; i++) {
                IPCMessage get = new IPCMessage(1, cookie++, new byte[0]);
                long t0 = System.nanoTime();
                int ret = pipe.sendSync(get, out);
                long t = System.nanoTime() - t0;
                if (ret != 0) {
                    throw new IllegalStateException(design + ": sendSync returned " + ret);
                }
                if (i >= warmup) {
                    rtt[i - warmup] = t;
                }
            }
            return row(pipeRowName(design.name(), workerName), rtt);
        }
    }

    private static Row row(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Row(name, sorted[sorted.length / 2] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0);
    }
}
