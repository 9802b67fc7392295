package org.ipcsync.ipa;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/** How long the IPA takes to handle one call, in milliseconds. */
public sealed interface Latency {
    Latency NONE = new Fixed(0);

    /** Delay for the {@code call}-th call (0-based) of a command. */
    long millis(int call, Random random);

    Latency scaled(double factor);

    String format();

    record Fixed(long ms) implements Latency {
        public long millis(int call, Random random) {
            return ms;
        }

        public Latency scaled(double f) {
            return new Fixed(Math.round(ms * f));
        }

        public String format() {
            return Long.toString(ms);
        }
    }

    /** Uniform in [min, max], drawn from the profile's seeded generator. */
    record Uniform(long min, long max) implements Latency {
        public Uniform {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("latency range " + min + "-" + max + " is empty or negative");
            }
        }

        public long millis(int call, Random random) {
            return min + (long) (random.nextDouble() * (max - min + 1));
        }

        public Latency scaled(double f) {
            return new Uniform(Math.round(min * f), Math.round(max * f));
        }

        public String format() {
            return min + "-" + max;
        }
    }

    /** One value per call, cycling. */
    record Sequence(List<Long> values) implements Latency {
        public Sequence {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("latency list is empty");
            }
            values = List.copyOf(values);
        }

        public long millis(int call, Random random) {
            return values.get(call % values.size());
        }

        public Latency scaled(double f) {
            return new Sequence(values.stream().map(v -> Math.round(v * f)).toList());
        }

        public String format() {
            return values.stream().map(String::valueOf).collect(Collectors.joining("|"));
        }
    }

    static Latency parse(String text) {
        try {
            if (text.contains("|")) {
                return new Sequence(java.util.Arrays.stream(text.split("\\|")).map(Long::parseLong).toList());
            }
            if (text.contains("-")) {
                String[] r = text.split("-", 2);
                return new Uniform(Long.parseLong(r[0]), Long.parseLong(r[1]));
            }
            long ms = Long.parseLong(text);
            if (ms < 0) {
                throw new IllegalArgumentException("negative latency " + ms);
            }
            return new Fixed(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad latency '" + text + "': use MS, MIN-MAX or A|B|C");
        }
    }
}
