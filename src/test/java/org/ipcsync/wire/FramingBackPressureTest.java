package org.ipcsync.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipcsync.os.Libc;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.testing.TestSeed;
import org.junit.jupiter.api.Test;

/**
 * libcamera sends a header datagram and a data datagram as two independent non-blocking sends
 * (the kit's default framing): under back-pressure the header can go out and the data be refused,
 * and the reader then takes the next header for data. The kit's safe framing (an explicit option)
 * waits and resends instead. Both get seeded bursts of random-size messages; the reader here is the
 * kit's strict one, which reports the desynchronised stream (libcamera's would silently read on
 * out of step: see IPCUnixSocketTest). The seed is fixed and printed; {@code -Dipcsync.seed=N}
 * replays or varies it ({@link TestSeed}).
 */
class FramingBackPressureTest {
    private static final int MESSAGES = 3000;
    /** Not 8 bytes long, so it is never mistaken for a header. */
    private static final byte[] END = "END OF BURST".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** What the slow reader saw. */
    private record Received(List<byte[]> messages, List<String> errors) {}

    /**
     * The reader does not read while a burst fills the socket, then drains it: each burst ends in
     * one "socket full" moment, at which the header may fit and the data not (the facts file saw
     * it in about one burst in eight).
     */
    @Test
    void libcameraFramingSplitsHeaderFromDataUnderBackPressure() throws Exception {
        long seed = TestSeed.of("FramingBackPressureTest#libcameraFramingSplitsHeaderFromDataUnderBackPressure", 20261130L);
        Burst burst = new Burst(seed);
        IPCUnixSocket sender = new IPCUnixSocket(IPCUnixSocket.Framing.LIBCAMERA, IPCUnixSocket.Reader.LIBCAMERA);
        IPCUnixSocket reader = strictReader();
        reader.bind(sender.create());
        List<String> errors = new ArrayList<>();
        reader.framingError.connect(errors::add);
        int[] intact = new int[1];
        reader.readyRead.connect(v -> {
            try {
                reader.receive();
                intact[0]++;
            } catch (IPCUnixSocket.FramingException e) {
                // Counted through framingError.
            }
        });
        int bursts = 0;
        int next = 0;
        while (sender.splits() == 0 && bursts < 200) {
            bursts++;
            int ret;
            do {
                ret = sender.send(new IPCUnixSocket.Payload(burst.message(next % MESSAGES), new int[0]));
                next++;
            } while (ret == 0);
            assertThat(ret).isEqualTo(-Libc.EAGAIN);
            burst.refused++;
            drain(reader);
        }
        // The split header's announced length is matched against whatever datagram comes next.
        sender.send(new IPCUnixSocket.Payload(burst.message(0), new int[0]));
        drain(reader);
        System.out.printf("libcamera framing: first split in burst %d (%d messages sent, %d refused, %d split);"
                + " reader: %d intact, framing errors %s%n", bursts, next, burst.refused, sender.splits(), intact[0],
                errors);
        assertThat(sender.splits()).as("a split within 200 bursts (seed %d)", seed).isPositive();
        assertThat(errors).as("the reader noticed the desynchronised stream (seed %d)", seed).isNotEmpty();
        sender.close();
        reader.close();
    }

    private static IPCUnixSocket strictReader() {
        return new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
    }

    /** Runs this thread's loop while the reader's socket has datagrams waiting. */
    private static void drain(IPCUnixSocket reader) {
        com.sun.jna.Memory pfd = new com.sun.jna.Memory(8);
        while (true) {
            pfd.setInt(0, reader.fd());
            pfd.setShort(4, Libc.POLLIN);
            pfd.setShort(6, (short) 0);
            if (Libc.poll(pfd, new com.sun.jna.NativeLong(1), 0) == 0) {
                return;
            }
            LoopThread.current().eventDispatcher().processEvents();
        }
    }

    @Test
    void safeFramingNeverSplitsAndDeliversEveryMessageInOrder() throws Exception {
        long seed = TestSeed.of("FramingBackPressureTest#safeFramingNeverSplitsAndDeliversEveryMessageInOrder", 20261130L);
        Burst burst = new Burst(seed);
        IPCUnixSocket sender = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        Received got = runAgainstSlowReader(sender, burst);
        System.out.printf("safe framing: %d messages, %d refused, %d split, %d waits for writability,"
                + " reader got %d intact, %d errors%n", MESSAGES, burst.refused, sender.splits(), sender.waits(),
                got.messages.size(), got.errors.size());
        assertThat(sender.waits()).as("the slow reader pushed back").isPositive();
        assertThat(burst.refused).isZero();
        assertThat(sender.splits()).isZero();
        assertThat(got.errors).isEmpty();
        assertThat(got.messages).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            assertThat(got.messages.get(i)).as("message %d (seed %d)", i, seed).isEqualTo(burst.message(i));
        }
    }

    /** The messages of one burst: sizes 8..4096 from the seed, bytes derived from the index. */
    private static final class Burst {
        final int[] sizes = new int[MESSAGES];
        int refused;

        Burst(long seed) {
            Random r = new Random(seed);
            for (int i = 0; i < MESSAGES; i++) {
                sizes[i] = 8 + r.nextInt(4096 - 8 + 1);
            }
        }

        byte[] message(int i) {
            ByteBuffer b = ByteBuffer.allocate(sizes[i]);
            b.putInt(i).putInt(sizes[i]);
            while (b.hasRemaining()) {
                b.put((byte) (i + b.position()));
            }
            return b.array();
        }
    }

    /**
     * Sends the whole burst from this thread while a reader thread drains the socket slowly, and
     * returns once the reader has seen everything that went out.
     */
    private static Received runAgainstSlowReader(IPCUnixSocket sender, Burst burst) throws Exception {
        int peer = sender.create();
        List<byte[]> messages = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean sawEnd = new java.util.concurrent.atomic.AtomicBoolean();
        LoopThread readerThread = new LoopThread("slow-reader");
        CountDownLatch bound = new CountDownLatch(1);
        readerThread.start();
        org.ipcsync.runtime.BoundObject inReader = new org.ipcsync.runtime.BoundObject();
        inReader.moveToThread(readerThread);
        IPCUnixSocket[] reader = new IPCUnixSocket[1];
        inReader.invokeMethod("bind reader", () -> {
            IPCUnixSocket r = strictReader();
            try {
                r.bind(peer);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            r.framingError.connect(errors::add);
            r.readyRead.connect(v -> {
                try {
                    byte[] data = r.receive().data();
                    if (java.util.Arrays.equals(data, END)) {
                        sawEnd.set(true);
                    } else {
                        messages.add(data);
                    }
                } catch (IPCUnixSocket.FramingException e) {
                    // Counted through framingError.
                }
                if (messages.size() % 16 == 0) {
                    sleepMillis(1); // the reader is slow: this pause is the scenario
                }
            });
            reader[0] = r;
            bound.countDown();
        }, org.ipcsync.runtime.ConnectionType.BLOCKING);
        assertThat(bound.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < MESSAGES; i++) {
            int ret = sender.send(new IPCUnixSocket.Payload(burst.message(i), new int[0]));
            if (ret == -Libc.EAGAIN) {
                burst.refused++;
            } else {
                assertThat(ret).isZero();
            }
        }
        // A desynchronised stream can swallow one end marker: repeat it until the reader has one.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!sawEnd.get()) {
                        sendEventually(sender, END);
                    }
                    return sawEnd.get();
                });
        inReader.invokeMethod("close reader", () -> reader[0].close(), org.ipcsync.runtime.ConnectionType.BLOCKING);
        readerThread.exit();
        assertThat(readerThread.waitFor(Duration.ofSeconds(5))).isTrue();
        sender.close();
        return new Received(new ArrayList<>(messages), new ArrayList<>(errors));
    }

    /** The end marker must get through even with libcamera framing: retry while the reader catches up. */
    private static int sendEventually(IPCUnixSocket sender, byte[] data) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int ret;
        while ((ret = sender.send(new IPCUnixSocket.Payload(data, new int[0]))) == -Libc.EAGAIN
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return ret;
    }

    /** The slow reader's pause: the sleep is the scenario under test, not synchronisation. */
    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms); // the scenario itself (a slow reader), not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
