package org.ipcsync.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.report.Summary;
import org.ipcsync.report.SummaryJson;
import org.ipcsync.report.SummaryMarkdown;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.ScenarioGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's traceValidation block and the verify sample, without running TLC. */
class TraceReportTest {
    private static Summary summary(Map<String, Summary.TraceResult> traces) {
        Summary.Run run = new Summary.Run("t", 1.0, Map.of("java", "17"), Map.of("cores", 2), Map.of("scenarios", 1L),
                List.of(), true, List.of());
        return new Summary(run, Map.of(), Map.of(), null, null, traces);
    }

    @Test
    void summaryJsonCarriesTraceValidationAndReadsBack(@TempDir Path dir) throws Exception {
        Summary.TraceRejection rej = new Summary.TraceRejection("cameras=1", "./kit simulate ...", 3, 9, "return camera 0");
        Summary s = summary(Map.of("threaded", new Summary.TraceResult(13, 12, 5, 5, 1200.0, 1500.0, "sample",
                List.of(rej))));
        Path f = dir.resolve("summary.json");
        SummaryJson.write(s, f);
        String json = Files.readString(f);
        for (String key : List.of("traceValidation", "checked", "accepted", "mutants", "mutantsRejected", "medianMs")) {
            assertTrue(json.contains("\"" + key + "\""), key + " in " + json);
        }
        Summary back = SummaryJson.read(f);
        assertEquals(s.traceValidation(), back.traceValidation());
        assertTrue(SummaryMarkdown.render(back).contains("| threaded | 13 | 12 | 5/5 |"));
    }

    @Test
    void aSummaryWithoutTraceValidationLeavesTheKeyOut(@TempDir Path dir) throws Exception {
        Summary s = summary(null);
        SummaryJson.write(s, dir.resolve("s.json"));
        assertTrue(!Files.readString(dir.resolve("s.json")).contains("traceValidation"));
        assertNull(SummaryJson.read(dir.resolve("s.json")).traceValidation());
    }

    private static Recording rec(String design, String scenario) {
        return new Recording(design, scenario, 1, 0.2, 0, 200_000, 0, false, List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), List.of(), List.of(), null);
    }

    @Test
    void aRecordingWithoutItsSyncCallsIsNotAcceptedVacuously() {
        // The pipes reported nothing although init succeeded: the empty trace must not pass.
        Recording.AppCall init = new Recording.AppCall(0, 0, "init", "app", 1, 2, 3, 4, 1, "0");
        Recording r = new Recording("threaded", "cameras=1", 1, 1.0, 0, 1_000_000, 10, false, List.of(), List.of(init),
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> DesignCatalog.get("threaded").trace().orElseThrow().map(r));
        assertTrue(e.getMessage().contains("incomplete recording"), e.getMessage());
    }

    @Test
    void theSampleKeepsEachIngredientOnceAndTheFirstGeneratedRuns() {
        TraceSample sample = new TraceSample(2);
        String ingredient = ScenarioGen.ingredients().get(0).format();
        for (int k = 0; k < 4; k++) {
            sample.offer(rec("nested", "cameras=" + (k + 1)));
            sample.offer(rec("nested", ingredient));
        }
        sample.offer(rec("threaded", ingredient));
        assertEquals(List.of("cameras=1", ingredient, "cameras=2"),
                sample.of("nested").stream().map(Recording::scenario).toList());
        assertEquals(1, sample.of("threaded").size());
        sample.offerReplay(rec("threaded", "cameras=2 ipa1=stop=hang@1 stop-all"));
        assertEquals(List.of(ingredient, "cameras=2 ipa1=stop=hang@1 stop-all"),
                sample.of("threaded").stream().map(Recording::scenario).toList(), "replays are always kept, after the campaign runs");
    }
}
