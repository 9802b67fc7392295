package org.ipcsync.report;

import java.util.List;

/**
 * The HTML of the report's evidence sections: what each layer shows for a violated cell (a TLC
 * counterexample timeline, a shrunk scenario with its witnesses) and the replayed scenario runs.
 * Text from runs is escaped here, so callers pass plain strings. Stateless.
 */
public final class EvidenceHtml {
    /** Witness lines shown per scenario counterexample; the rest are in summary.json. */
    static final int WITNESSES_SHOWN = 6;

    private EvidenceHtml() {}

    /** A TLC counterexample: its size, a link to the standalone page, and the timeline fragment (already HTML). */
    public static String tlcCounterexample(int cameras, String standaloneLink, String timelineFragment) {
        return "<h4>TLC counterexample (N=" + cameras + ", <a href=\"" + HtmlReport.esc(standaloneLink) + "\">standalone</a>)</h4>\n"
                + (timelineFragment == null ? "" : timelineFragment);
    }

    /** A scenario counterexample: how often it failed, the replay line (or first failure) and the first witnesses. */
    public static String scenarioCounterexample(int failures, int tries, String replay, List<String> witnesses) {
        StringBuilder h = new StringBuilder("<h4>Scenario counterexample (").append(failures).append(" of ")
                .append(tries).append(" tries failed)</h4>\n<pre>").append(HtmlReport.esc(replay)).append("</pre>\n<ul>");
        witnesses.stream().limit(WITNESSES_SHOWN).forEach(w -> h.append("<li>").append(HtmlReport.esc(w)).append("</li>"));
        return h.append("</ul>\n").toString();
    }

    /** One design's run of a replayed scenario, as its text timeline. */
    public static String replayedRun(String design, String timeline) {
        return "<h4>" + HtmlReport.esc(design) + "</h4><pre>" + HtmlReport.esc(timeline) + "</pre>\n";
    }
}
