package org.ipcsync.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scaling table {@code ./kit bench scaling --reports DIR} leaves in a report folder
 * ({@code scaling.md} beside {@code scaling.json}), carried into that folder's verify report. The
 * table takes far longer than a verify run (a TLC check may use its whole 10-minute budget), so
 * verify never measures it; it shows the last measured one, naming the file and its date, and
 * leaves both files alone when it clears the folder.
 */
final class ScalingTable {
    static final String MARKDOWN = "scaling.md";
    static final String JSON = "scaling.json";

    private final String markdown;
    private final String measured;

    private ScalingTable(String markdown, String measured) {
        this.markdown = markdown;
        this.measured = measured;
    }

    /** The table in {@code dir}, if {@code ./kit bench scaling} wrote one there. */
    static Optional<ScalingTable> find(Path dir) throws IOException {
        Path md = dir.resolve(MARKDOWN);
        if (!Files.isRegularFile(md)) {
            return Optional.empty();
        }
        return Optional.of(new ScalingTable(Files.readString(md, StandardCharsets.UTF_8),
                Files.getLastModifiedTime(md).toInstant().toString()));
    }

    private String source() {
        return "measured by `./kit bench scaling` (" + MARKDOWN + ", " + JSON + "; written " + measured + ")";
    }

    /**
     * The summary with {@code benchmarks.scaling} naming the table's files and date, so readers of
     * summary.json find it ({@code scaling.json} holds the rows).
     */
    Summary listedIn(Summary s) {
        Map<String, Object> benchmarks = new LinkedHashMap<>(s.benchmarks());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("json", JSON);
        entry.put("markdown", MARKDOWN);
        entry.put("measured", measured);
        benchmarks.put("scaling", entry);
        return new Summary(s.run(), s.designs(), benchmarks, s.vivid(), s.libcamera(), s.traceValidation());
    }

    /** The table as a section of summary.md: its headings one level down, its source named. */
    String markdownSection() {
        StringBuilder s = new StringBuilder("\n## Scaling\n\nNot part of this run: ").append(source()).append(".\n");
        for (String line : body()) {
            s.append(line.startsWith("#") ? "#" + line : line).append('\n');
        }
        return s.toString();
    }

    /** The same as HTML for index.html: paragraphs and the Markdown tables as tables. */
    String html() {
        StringBuilder h = new StringBuilder("<p>Not part of this run: ")
                .append(HtmlReport.esc(source().replace("`", ""))).append(". <a href=\"").append(MARKDOWN)
                .append("\">").append(MARKDOWN).append("</a></p>\n");
        boolean inTable = false;
        boolean header = false;
        for (String line : body()) {
            if (line.startsWith("|")) {
                List<String> cells = cells(line);
                if (!inTable) {
                    h.append("<table class=\"plain\">");
                    inTable = true;
                    header = true;
                }
                if (cells.stream().allMatch(c -> c.matches("-+"))) {
                    continue;
                }
                String tag = header ? "th" : "td";
                h.append("<tr>");
                cells.forEach(c -> h.append('<').append(tag).append('>').append(HtmlReport.esc(c.replace("`", "")))
                        .append("</").append(tag).append('>'));
                h.append("</tr>");
                header = false;
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (!line.isBlank()) {
                h.append("<p>").append(HtmlReport.esc(line.replace("`", ""))).append("</p>\n");
            }
        }
        if (inTable) {
            h.append("</table>\n");
        }
        return h.toString();
    }

    /** The file without its title line. */
    private List<String> body() {
        List<String> lines = new ArrayList<>(markdown.lines().toList());
        if (!lines.isEmpty() && lines.get(0).startsWith("# ")) {
            lines.remove(0);
        }
        return lines;
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        return java.util.Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
    }
}
