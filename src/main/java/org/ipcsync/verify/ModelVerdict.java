package org.ipcsync.verify;

import org.ipcsync.spec.Check;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.TlcResult;

/**
 * One model-checking verdict for one (design, property, cameras) check, either observed from a
 * TLC run or taken from the checked-in expected table.
 *
 * @param counterexample the timeline's path relative to reports/, or null
 * @param timelineHtml   the counterexample as an embeddable sequence diagram, or null
 */
public record ModelVerdict(Check check, String verdict, String expected, Long states, Integer depth, Double seconds,
                           String counterexample, String timelineHtml) {

    public ModelVerdict(Check check, String verdict, String expected, Long states, Integer depth, Double seconds,
                        String counterexample) {
        this(check, verdict, expected, states, depth, seconds, counterexample, null);
    }

    public static ModelVerdict observed(TlcResult r, String expected, String counterexample) {
        String html = r.trace() == null ? null
                : org.ipcsync.spec.TimelineWriter.htmlFragment(org.ipcsync.spec.Timeline.of(r.check(), r.trace()));
        return new ModelVerdict(r.check(), r.verdict().word(), expected, r.distinctStates(), r.depth(), r.seconds(),
                counterexample, html);
    }

    /** The table's verdict, for judging agreement without running TLC (CI's agreement test). */
    public static ModelVerdict expected(ExpectedVerdicts.Entry e, Check check) {
        String word = e.expected().word();
        return new ModelVerdict(check, word, word, null, null, null, null);
    }
}
