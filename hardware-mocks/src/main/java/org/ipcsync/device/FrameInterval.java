package org.ipcsync.device;

/** A frame period as V4L2 states it ({@code struct v4l2_fract timeperframe}): numerator/denominator seconds. */
public record FrameInterval(int numerator, int denominator) {
    public long nanos() {
        return numerator * 1_000_000_000L / denominator;
    }

    public double fps() {
        return (double) denominator / numerator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator + " s";
    }
}
