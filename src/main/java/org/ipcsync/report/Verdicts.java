package org.ipcsync.report;

/** The verdict words summary.json uses, shared by both layers. */
public final class Verdicts {
    public static final String HOLDS = "holds";
    public static final String VIOLATED = "violated";
    public static final String NOT_JUDGED = "not-judged";
    /**
     * Scenarios only: no failure, but the situation the property is about never occurred in the
     * campaign. Not a verdict: the cell is one-sided until a scenario reaches the situation.
     */
    public static final String VACUOUS = "vacuous";

    private Verdicts() {}

    public static boolean judged(String verdict) {
        return HOLDS.equals(verdict) || VIOLATED.equals(verdict);
    }
}
