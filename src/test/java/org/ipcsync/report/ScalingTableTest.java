package org.ipcsync.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A verify report shows the scaling table `./kit bench scaling` left in its folder, and keeps the files. */
class ScalingTableTest {
    private static final String TABLE = """
            # Scaling on this machine

            TLC, one check per row.

            | model | property | N | mode | verdict | distinct states | seconds | load before -> after |
            |---|---|---|---|---|---|---|---|
            | NestedDispatch | NoSpuriousTimeout | 4 | 1 JVM | holds | 1039032 | 67.5 | 2.3 -> 3.9 |
            | NestedDispatch | NoSpuriousTimeout | 5 | 1 JVM | over budget | - | > 600 | 3.9 -> 9.0 |
            """;

    private static Summary summary() {
        return new Summary(new Summary.Run("test", 1.0, Map.of("java", "17"), Map.of("cores", 2), Map.of(),
                List.of(new Summary.Step("test", 1.0, "ok")), true, List.of()), Map.of(),
                Map.of("wakeup", Map.of("medianUs", 5.0)), null);
    }

    @Test
    void theTableInTheFolderReachesAllThreeSummariesAndSurvivesTheClearing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("scaling.md"), TABLE);
        Files.writeString(dir.resolve("scaling.json"), "{\"model\":[],\"scenarios\":[]}");

        new ReportWriter(dir).write(summary());

        assertThat(dir.resolve("scaling.md")).hasContent(TABLE.strip());
        assertThat(dir.resolve("scaling.json")).exists();
        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).contains("\n## Scaling\n", "./kit bench scaling",
                "| NestedDispatch | NoSpuriousTimeout | 4 | 1 JVM | holds | 1039032 | 67.5 | 2.3 -> 3.9 |")
                .doesNotContain("\n# Scaling on this machine");
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("id=\"scaling\"", "<th>distinct states</th>", "<td>1039032</td>",
                "<td>&gt; 600</td>", "href=\"scaling.md\"").doesNotContain("<td>---</td>");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(json.at("/benchmarks/scaling/json").asText()).isEqualTo("scaling.json");
        assertThat(json.at("/benchmarks/wakeup/medianUs").asDouble()).isEqualTo(5.0);
        assertThat(SummaryJson.read(dir.resolve("summary.json")).benchmarks()).containsKey("scaling");
    }

    @Test
    void withoutATableTheReportSaysNothingAboutScaling(@TempDir Path dir) throws Exception {
        new ReportWriter(dir).write(summary());

        assertThat(Files.readString(dir.resolve("summary.md"))).doesNotContain("Scaling");
        assertThat(Files.readString(dir.resolve("index.html"))).doesNotContain("id=\"scaling\"");
        assertThat(new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).at("/benchmarks/scaling")
                .isMissingNode()).isTrue();
    }
}
