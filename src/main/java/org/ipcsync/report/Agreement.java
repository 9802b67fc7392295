package org.ipcsync.report;

/** Whether the model checker and the scenarios reached the same verdict on one property of one design. */
public final class Agreement {
    public static final String AGREE = "agree";
    public static final String DISAGREE = "disagree";
    /** Only one layer could judge the property. */
    public static final String ONE_SIDED = "one-sided";

    private Agreement() {}

    public static String of(String tlcVerdict, String scenarioVerdict) {
        if (!Verdicts.judged(tlcVerdict) || !Verdicts.judged(scenarioVerdict)) {
            return ONE_SIDED;
        }
        return tlcVerdict.equals(scenarioVerdict) ? AGREE : DISAGREE;
    }
}
