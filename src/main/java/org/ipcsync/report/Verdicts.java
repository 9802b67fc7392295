package org.ipcsync.report;

/** The verdict words summary.json uses, shared by both layers. */
public final class Verdicts {
    public static final String HOLDS = "holds";
    public static final String VIOLATED = "violated";
    public static final String NOT_JUDGED = "not-judged";

    private Verdicts() {}

    public static boolean judged(String verdict) {
        return HOLDS.equals(verdict) || VIOLATED.equals(verdict);
    }
}
