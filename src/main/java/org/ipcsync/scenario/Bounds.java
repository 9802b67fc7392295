package org.ipcsync.scenario;

/**
 * Every bound a property is judged against, in one place. Each is stated in unscaled
 * milliseconds (the time base libcamera's 2000 ms / 1000 ms timeouts live in) and multiplied by
 * the scenario's time scale, so a scenario and its verdicts replay the same at any scale. A floor
 * keeps each scaled bound above this machine's scheduling noise (two shared cores, JVM workers):
 * the floor is noise allowance, never scenario time, and is far below every latency the
 * generator uses for a "slow" IPA.
 *
 * <p>Immutable; any thread.
 */
public record Bounds(double scale) {
    /** BoundedReturn: a call whose reply was taken off the socket returns within this much. */
    public static final long REPLY_TO_RETURN_MS = 150;
    /** BoundedReturn: a call without a timely reply returns within this much after its deadline. */
    public static final long DEADLINE_SLACK_MS = 200;
    /** NoLostWakeup: the longest a caller may sleep in poll once its completion happened. */
    public static final long WAKEUP_MS = 120;
    /** NoSpuriousTimeout: a reply this close to the deadline races the timer and is not judged. */
    public static final long TIMER_RACE_MS = 20;
    /**
     * CameraIsolation: the longest frame gap a streaming camera may see while another camera's IPA
     * is slow. The model's bound is "before the next 1000 ms tick"; a tighter bound sat within
     * scheduling noise of the generator's 600 ms "slow" IPA at scale 0.2 (a 117 ms gap against a
     * 100 ms bound was seen on a loaded machine), so only a stall of a second or more counts.
     */
    public static final long ISOLATION_MS = 1000;
    /**
     * PromptErrorOnExit: once its worker died, a pending call returns an error within this much
     * (the digest's 100 ms on real processes; the model's one tick).
     */
    public static final long EXIT_TO_ERROR_MS = 100;
    /** NoEarlyTimeout: libcamera's legacy sync-call deadline; a reply within it must not become an error. */
    public static final long LEGACY_DEADLINE_MS = 2000;
    /**
     * NoEarlyTimeout's situation: a reply slower than the patch's deadline (1000 ms) yet within the
     * legacy one, the window the patch's change of deadline is about.
     */
    public static final long PATCH_DEADLINE_MS = 1000;
    /** The device frame period the engine runs at (before scaling). */
    public static final long FRAME_PERIOD_MS = 200;
    /**
     * Floor under every scaled bound: scheduling noise on a loaded 2-core machine. A threaded
     * call was seen returning 76 ms after its condition-variable deadline at load average 5.7,
     * so 40 ms was not enough.
     */
    public static final long FLOOR_MS = 100;

    public Bounds {
        if (!(scale > 0) || scale > 10) {
            throw new IllegalArgumentException("time scale must be in (0, 10], got " + scale);
        }
    }

    /** {@code ms} unscaled milliseconds at this scale, in microseconds (the recording's unit). */
    public long scaledUs(long ms) {
        return Math.round(ms * scale * 1000);
    }

    private long boundUs(long ms) {
        return Math.max(scaledUs(ms), FLOOR_MS * 1000);
    }

    public long replyToReturnUs() {
        return boundUs(REPLY_TO_RETURN_MS);
    }

    public long deadlineSlackUs() {
        return boundUs(DEADLINE_SLACK_MS);
    }

    public long wakeupUs() {
        return boundUs(WAKEUP_MS);
    }

    public long timerRaceUs() {
        return scaledUs(TIMER_RACE_MS);
    }

    public long isolationUs() {
        return boundUs(ISOLATION_MS);
    }

    public long exitToErrorUs() {
        return boundUs(EXIT_TO_ERROR_MS);
    }

    /** Scenario time, not a bound: no floor. */
    public long legacyDeadlineUs() {
        return scaledUs(LEGACY_DEADLINE_MS);
    }

    /** Scenario time, not a bound: no floor. */
    public long patchDeadlineUs() {
        return scaledUs(PATCH_DEADLINE_MS);
    }

    public long framePeriodUs() {
        return scaledUs(FRAME_PERIOD_MS);
    }
}
