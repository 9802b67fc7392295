package org.ipcsync.verify;

/** Progress lines of a verify run: elapsed time since the run began, the step, done/total. */
final class Progress {
    private final long started = System.nanoTime();

    void line(String step, String text) {
        long s = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("[verify %2d:%02d] %-10s %s%n", s / 60, s % 60, step, text);
        System.out.flush();
    }

    double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
