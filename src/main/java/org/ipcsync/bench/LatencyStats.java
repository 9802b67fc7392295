package org.ipcsync.bench;

import java.util.Arrays;

/** Order statistics over a set of latency samples, in nanoseconds. */
public record LatencyStats(int samples, long medianNanos, long p99Nanos, long minNanos, long maxNanos) {
    public static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencyStats(sorted.length, percentile(sorted, 50), percentile(sorted, 99),
                sorted[0], sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted samples. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public double medianMicros() {
        return medianNanos / 1000.0;
    }

    public double p99Micros() {
        return p99Nanos / 1000.0;
    }
}
