package org.ipcsync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.spec.TlcResult;
import org.ipcsync.spec.TlcRunner;
import org.ipcsync.testing.HeadlessChromium;
import org.ipcsync.verify.LayerAgreement;
import org.ipcsync.verify.LayerMap;
import org.ipcsync.verify.ModelVerdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A report built from real pieces — one TLC counterexample, one replayed stall scenario per
 * design, a two-try campaign per design — rendered by headless Chromium, and its summary.json
 * checked against the keys reports/README.md documents.
 */
class ReportInBrowserTest {
    private static final Path DIR = Path.of("target", "report-test");
    private static Path index;

    @BeforeAll
    static void buildReport() throws Exception {
        ReportWriter writer = new ReportWriter(DIR);
        TlcResult tlc = new TlcRunner(TlcRunner.Options.defaults().withReportDir(DIR.resolve("tlc")))
                .run(SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2));
        Path html = tlc.timelines().stream().filter(p -> p.toString().endsWith(".html")).findFirst().orElseThrow();
        List<ModelVerdict> model = List.of(ModelVerdict.observed(tlc, "violated",
                DIR.toAbsolutePath().relativize(html.toAbsolutePath()).toString()));
        writer.addEvidence(HtmlReport.evidenceId("nested", "NoNestedDispatch"), "nested · NoNestedDispatch",
                model.get(0).timelineHtml());

        Map<String, double[]> latencies = new java.util.LinkedHashMap<>();
        for (String design : List.of("nested", "threaded")) {
            Recording rec = ScenarioRunner.run(Scenario.parse("cameras=2 ipa1=stop=latency:300 stop-all"),
                    RunConfig.of(DesignCatalog.pipe(design), 1, 0.2));
            List<Plots.Span> spans = org.ipcsync.verify.VerifyRun.spans(rec);
            Plots.callTimeline(design, spans, rec.endUs() / 1000.0, writer.plotFile("stall-" + design + ".png"));
            writer.addFigure("stall-" + design, design + " stall", "stall-" + design + ".png", "test figure");
            latencies.put(design, rec.syncCalls().stream().filter(Recording.SyncCall::returned)
                    .mapToDouble(c -> (c.returnUs() - c.sendUs()) / 1000.0).toArray());
            assertThat(Properties.judgeAll(rec)).isNotEmpty();
        }
        Plots.latencyCdf("latency", latencies, writer.plotFile("latency-cdf.png"));
        writer.addFigure("latency", "latency", "latency-cdf.png", "test figure");

        Map<String, CampaignResult> campaigns = Map.of(
                "nested", Campaign.run(DesignCatalog.pipe("nested"), Campaign.Budget.of(2, 0.2).shrinking(Set.of("none"), 0,
                        java.time.Duration.ZERO), 5),
                "threaded", Campaign.run(DesignCatalog.pipe("threaded"), Campaign.Budget.of(2, 0.2).shrinking(Set.of("none"), 0,
                        java.time.Duration.ZERO), 5));
        var designs = LayerAgreement.combine(model, campaigns, Map.of(), LayerMap.load());
        Summary summary = new Summary(new Summary.Run("test", 1.0, Map.of("java", "17"), Map.of("cores", 2),
                Map.of("scenarios", 5L), List.of(new Summary.Step("test", 1.0, "ok")), true, List.of()),
                designs, Map.of("wakeup", Map.of("medianUs", 5.0)), null, libcamera());
        writer.write(summary);
        index = DIR.resolve("index.html").toAbsolutePath();
    }

    /** The libcamera object from the recorded real cam runs (src/test/resources/libcamera-lab/runs). */
    private static Map<String, Object> libcamera() throws Exception {
        Path runs = Path.of(ReportInBrowserTest.class.getResource("/libcamera-lab/runs/normal.status").toURI()).getParent();
        org.ipcsync.libcamera.CamLab.Result r = new org.ipcsync.libcamera.CamLab.Result(
                org.ipcsync.libcamera.CamLab.read(runs), 0, 27_800, List.of("total_s=27.8"));
        return org.ipcsync.libcamera.CamLab.summary("0.0.3-6", r, Map.of("nested", Map.of("outcome", "PASS")));
    }

    @Test
    void chromiumShowsTheMatrixATimelineAndEveryPlot() throws Exception {
        assumeTrue(HeadlessChromium.installed(), "chromium and chromium-driver are installed by .ci/run");
        ChromeDriver browser = HeadlessChromium.start(Files.createTempDirectory("chromium-profile"), 1280, 2400);
        try {
            browser.get(index.toUri().toString());
            WebElement matrix = browser.findElement(By.cssSelector("table.matrix"));
            assertThat(matrix.isDisplayed()).isTrue();
            // Colour-coded cells: every judged cell carries its verdict (or disagreement) as a class.
            assertThat(matrix.findElements(By.cssSelector("td.violated, td.holds, td.mixed"))).hasSizeGreaterThan(10);
            assertThat(matrix.getText()).contains("NoNestedDispatch", "nested", "threaded");
            // The nested NoNestedDispatch cell links to its counterexample.
            WebElement link = matrix.findElement(By.cssSelector("a[href='#evidence-nested-NoNestedDispatch']"));
            assertThat(link.isDisplayed()).isTrue();

            WebElement timeline = browser.findElement(By.cssSelector("#evidence-nested-NoNestedDispatch table.timeline"));
            assertThat(timeline.isDisplayed()).isTrue();
            assertThat(timeline.getText()).contains("CameraManager", "IPA cam0");

            WebElement real = browser.findElement(By.cssSelector("table.libcamera"));
            assertThat(real.isDisplayed()).isTrue();
            assertThat(real.getText()).contains("real libcamera 0.0.3", "NoStaleReplyAsEvent", "PromptErrorOnExit",
                    "BoundedReturn");
            assertThat(browser.findElement(By.cssSelector("#libcamera-NoStaleReplyAsEvent pre")).getText())
                    .contains("Call timeout!");

            List<WebElement> images = browser.findElements(By.cssSelector("figure img"));
            assertThat(images).hasSize(3);
            for (WebElement img : images) {
                Object width = browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth", img);
                assertThat(((Number) width).intValue()).as(img.getAttribute("src") + " loaded").isGreaterThan(100);
                assertThat(img.isDisplayed()).isTrue();
            }
            Path shot = Path.of("target", "report-screenshot.png");
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    @Test
    void summaryJsonHasTheDocumentedKeysAndValues() throws Exception {
        JsonNode root = new ObjectMapper().readTree(DIR.resolve("summary.json").toFile());
        for (String key : List.of("started", "durationSeconds", "versions", "machine", "seeds", "steps", "ok", "problems")) {
            assertThat(root.path("run").has(key)).as("run." + key).isTrue();
        }
        Set<String> verdicts = Set.of("holds", "violated", "not-judged");
        // A campaign of one or two tries meets few situations: its holds may be vacuous.
        Set<String> scenarioVerdicts = Set.of("holds", "violated", "vacuous", "not-judged");
        Set<String> agreements = Set.of("agree", "disagree", "one-sided");
        assertThat(root.path("designs").has("nested")).isTrue();
        assertThat(root.path("designs").has("threaded")).isTrue();
        int cells = 0;
        for (Iterator<Map.Entry<String, JsonNode>> d = root.path("designs").fields(); d.hasNext(); ) {
            Map.Entry<String, JsonNode> design = d.next();
            for (Iterator<Map.Entry<String, JsonNode>> p = design.getValue().path("properties").fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> cell = p.next();
                String where = "designs." + design.getKey() + ".properties." + cell.getKey();
                assertThat(verdicts).as(where + ".tlc.verdict").contains(cell.getValue().path("tlc").path("verdict").asText());
                assertThat(scenarioVerdicts).as(where + ".scenarios.verdict")
                        .contains(cell.getValue().path("scenarios").path("verdict").asText());
                assertThat(agreements).as(where + ".agreement").contains(cell.getValue().path("agreement").asText());
                cells++;
            }
        }
        assertThat(cells).isGreaterThan(10);
        JsonNode nnd = root.path("designs").path("nested").path("properties").path("NoNestedDispatch");
        assertThat(nnd.path("tlc").path("verdict").asText()).isEqualTo("violated");
        assertThat(nnd.path("tlc").path("states").asLong()).isPositive();
        assertThat(nnd.path("tlc").path("counterexample").asText()).endsWith(".html");
        // One or two generated tries (QuickTheories may draw fewer), and the campaign's fixed ingredients.
        int fixed = org.ipcsync.scenario.ScenarioGen.ingredients().size();
        assertThat(nnd.path("scenarios").path("tries").asInt()).isBetween(1 + fixed, 2 + fixed);

        JsonNode lc = root.path("libcamera");
        assertThat(lc.path("version").asText()).isEqualTo("0.0.3-6");
        for (String p : List.of("NoStaleReplyAsEvent", "PromptErrorOnExit", "BoundedReturn")) {
            JsonNode w = lc.path("properties").path(p);
            assertThat(verdicts).as("libcamera.properties." + p + ".verdict").contains(w.path("verdict").asText());
            for (String key : List.of("command", "log", "exitStatus", "observed")) {
                assertThat(w.path("evidence").has(key)).as("libcamera.properties." + p + ".evidence." + key).isTrue();
            }
        }
        assertThat(lc.path("properties").path("NoStaleReplyAsEvent").path("evidence").path("tlcCheck").asText())
                .isEqualTo("nested-NoStaleReplyAsEvent-N2");
        for (String run : List.of("normal", "slow-init", "kill-init")) {
            for (String key : List.of("command", "exitStatus", "frames", "millis")) {
                assertThat(lc.path("cam").path(run).has(key)).as("libcamera.cam." + run + "." + key).isTrue();
            }
        }
        assertThat(lc.path("lab").has("wallSeconds")).isTrue();
        assertThat(lc.path("realIpa").path("nested").path("outcome").asText()).isEqualTo("PASS");
        String readme = Files.readString(Path.of("reports", "README.md"));
        assertThat(readme).contains("`libcamera.version`", "`libcamera.properties.<Property>`", "`libcamera.cam.<run>`",
                "`libcamera.lab`", "`libcamera.realIpa.<design>`");
    }
}
