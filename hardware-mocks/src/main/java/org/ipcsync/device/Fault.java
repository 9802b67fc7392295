package org.ipcsync.device;

/**
 * Faults a device can be told to produce, one per vivid fault-injection control, so a scenario
 * generates the same faults for the mock and for vivid.
 */
public sealed interface Fault {
    /** Drop this percentage of frames from now on (0 stops dropping); dropped frames still consume a sequence number. */
    record DropFrames(int percent) implements Fault {
        public DropFrames {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent out of 0..100: " + percent);
            }
        }
    }

    /** The next completed buffer carries V4L2_BUF_FLAG_ERROR. */
    record ErrorFlag() implements Fault {}

    /** The device goes away: every later operation fails with ENODEV and readiness reports error and hang-up. */
    record Disconnect() implements Fault {}

    /** The queue enters the error state while streaming: DQBUF and QBUF fail with EIO until STREAMOFF. */
    record FatalStreamingError() implements Fault {}
}
