package org.ipcsync.bench;

import org.ipcsync.cli.KitCommand;
import org.ipcsync.cli.UsageException;

/** `./kit bench <name>`: benchmarks reported as distributions, never as pass/fail timings. */
public final class BenchCommand implements KitCommand {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks: wakeup [--wakeups N] | rtt [--calls N]";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length == 0) {
            throw new UsageException("which benchmark? (wakeup, rtt)");
        }
        switch (args[0]) {
            case "wakeup":
                return wakeup(args);
            case "rtt":
                return RttBench.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            default:
                throw new UsageException("unknown benchmark '" + args[0] + "' (wakeup, rtt)");
        }
    }

    private static int wakeup(String[] args) throws Exception {
        int wakeups = 10_000;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--wakeups") && i + 1 < args.length) {
                wakeups = positive(args[++i]);
            } else {
                throw new UsageException("bench wakeup: unknown option '" + args[i] + "' (--wakeups N)");
            }
        }
        LatencyStats s = WakeupBench.measure(wakeups, Math.min(2_000, wakeups));
        System.out.printf("wakeup: cross-thread postMessage -> dispatch in a loop blocked in ppoll%n");
        System.out.printf("  wake-ups %d  median %.1f us  p99 %.1f us  min %.1f us  max %.1f us%n",
                s.samples(), s.medianMicros(), s.p99Micros(), s.minNanos() / 1000.0, s.maxNanos() / 1000.0);
        return 0;
    }

    private static int positive(String text) throws UsageException {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("'" + text + "' is not a positive number");
    }
}
