package org.ipcsync.scenario.v4l2;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.device.DequeuedBuffer;
import org.ipcsync.device.Fault;
import org.ipcsync.scenario.Action;

/**
 * What one device node did across every scenario run on it: frames dequeued, frames the driver
 * flagged, sequence numbers skipped while a drop fault was active, dequeue failures by errno, and
 * faults injected (or refused, as a camera without vivid's controls refuses them).
 *
 * <p>Threads: the camera manager thread reports frames and failures, application threads report
 * fault injections; every field is guarded by {@code this}. Runs follow one another, so a
 * {@link #snapshot} taken between runs separates them.
 */
public final class DeviceTally {
    private final String node;

    // Guarded by this.
    private String format = "";
    private String interval = "";
    private long frames;
    private long errorFlagged;
    private long gapsWhileDropping;
    private long lastSequence = -1;
    private boolean dropping;
    private final Map<String, Long> dequeueErrors = new TreeMap<>();
    private final Map<String, Long> injected = new TreeMap<>();
    private final Map<String, Long> refused = new TreeMap<>();

    DeviceTally(String node) {
        this.node = node;
    }

    public String node() {
        return node;
    }

    synchronized void configured(String format, String interval) {
        this.format = format;
        this.interval = interval;
    }

    /** STREAMON: sequence numbers start again. */
    synchronized void streaming() {
        lastSequence = -1;
    }

    synchronized void dequeued(DequeuedBuffer b) {
        frames++;
        if (b.error()) {
            errorFlagged++;
        }
        if (dropping && lastSequence >= 0 && b.sequence() > lastSequence + 1) {
            gapsWhileDropping += b.sequence() - lastSequence - 1;
        }
        lastSequence = b.sequence();
    }

    synchronized void dequeueFailed(String errno) {
        dequeueErrors.merge(errno, 1L, Long::sum);
    }

    /** The drop percentage is a control of the device, not of the open file: it lasts until set again. */
    synchronized void dropping(boolean on) {
        dropping = on;
    }

    synchronized void injected(Fault fault) {
        injected.merge(kind(fault), 1L, Long::sum);
        if (fault instanceof Fault.DropFrames d) {
            dropping = d.percent() > 0;
        }
    }

    synchronized void refused(Fault fault, String errno) {
        refused.merge(kind(fault) + " (" + errno + ")", 1L, Long::sum);
    }

    /** The fault's kind as the scenario text names it: drop, error, disconnect, fatal. */
    public static String kind(Fault fault) {
        String text = Action.DeviceFault.faultText(fault);
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(0, colon);
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(node, format, interval, frames, errorFlagged, gapsWhileDropping,
                new TreeMap<>(dequeueErrors), new TreeMap<>(injected), new TreeMap<>(refused));
    }

    /**
     * The counts at one moment, or between two moments ({@link #minus}).
     *
     * @param gapsWhileDropping sequence numbers skipped between consecutive frames while a drop
     *                          fault was set
     * @param dequeueErrors     DQBUF failures by errno name (EIO after a fatal error, ENODEV after a disconnect)
     * @param injected          faults set through the driver's controls, by kind
     * @param refused           faults the driver refused, by kind and errno
     */
    @JsonPropertyOrder({"node", "format", "interval", "frames", "errorFlagged", "gapsWhileDropping", "dequeueErrors",
        "injected", "refused"})
    public record Snapshot(String node, String format, String interval, long frames, long errorFlagged,
                           long gapsWhileDropping, Map<String, Long> dequeueErrors, Map<String, Long> injected,
                           Map<String, Long> refused) {
        public Snapshot {
            dequeueErrors = Collections.unmodifiableMap(new TreeMap<>(dequeueErrors));
            injected = Collections.unmodifiableMap(new TreeMap<>(injected));
            refused = Collections.unmodifiableMap(new TreeMap<>(refused));
        }

        /** What happened after {@code earlier}. */
        public Snapshot minus(Snapshot earlier) {
            return new Snapshot(node, format, interval, frames - earlier.frames, errorFlagged - earlier.errorFlagged,
                    gapsWhileDropping - earlier.gapsWhileDropping, diff(dequeueErrors, earlier.dequeueErrors),
                    diff(injected, earlier.injected), diff(refused, earlier.refused));
        }

        private static Map<String, Long> diff(Map<String, Long> now, Map<String, Long> before) {
            Map<String, Long> out = new TreeMap<>();
            now.forEach((k, v) -> {
                long d = v - before.getOrDefault(k, 0L);
                if (d != 0) {
                    out.put(k, d);
                }
            });
            return out;
        }

        public long injected(String kind) {
            return injected.getOrDefault(kind, 0L);
        }

        /**
         * Whether the driver showed the fault's effect: sequence gaps for drop, a flagged buffer for
         * error, DQBUF failing with ENODEV for disconnect and with EIO for fatal.
         */
        public boolean observed(String kind) {
            return switch (kind) {
                case "drop" -> gapsWhileDropping > 0;
                case "error" -> errorFlagged > 0;
                case "disconnect" -> dequeueErrors.getOrDefault("ENODEV", 0L) > 0;
                case "fatal" -> dequeueErrors.getOrDefault("EIO", 0L) > 0;
                default -> throw new IllegalArgumentException("unknown fault kind " + kind);
            };
        }
    }
}
