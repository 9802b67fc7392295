package org.ipcsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceHtmlTest {
    @Test
    void scenarioTextIsEscapedAndOnlyTheFirstWitnessesAreShown() {
        List<String> witnesses = List.of("a<1", "b", "c", "d", "e", "f", "g-not-shown");
        String html = EvidenceHtml.scenarioCounterexample(3, 24, "./kit simulate --scenario 'x & y'", witnesses);
        assertThat(html).contains("3 of 24 tries failed", "'x &amp; y'", "<li>a&lt;1</li>")
                .doesNotContain("g-not-shown");
    }

    @Test
    void aTlcCounterexampleLinksItsStandalonePageAndKeepsItsTimelineHtml() {
        String html = EvidenceHtml.tlcCounterexample(2, "tlc/nested-NoLostWakeup-N2.html", "<table class=\"timeline\">");
        assertThat(html).contains("N=2", "href=\"tlc/nested-NoLostWakeup-N2.html\"", "<table class=\"timeline\">");
        assertThat(EvidenceHtml.replayedRun("nested", "cam0 <stop>")).contains("<h4>nested</h4>", "cam0 &lt;stop&gt;");
    }
}
