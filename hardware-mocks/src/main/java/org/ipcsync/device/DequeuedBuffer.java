package org.ipcsync.device;

/**
 * What DQBUF reports about a completed buffer. {@code sequence} is V4L2's 32-bit frame counter
 * (as an unsigned value); a gap means the driver dropped frames. {@code timestampNs} is on
 * CLOCK_MONOTONIC, the clock {@link System#nanoTime()} reads on Linux. With {@code error} set the
 * buffer's content is unreliable (V4L2_BUF_FLAG_ERROR) but it still has to be queued again.
 */
public record DequeuedBuffer(int index, long sequence, long timestampNs, int bytesUsed, boolean error) {}
