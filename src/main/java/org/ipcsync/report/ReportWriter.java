package org.ipcsync.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes one run's reports into a folder: summary.json, summary.md, index.html and the figures
 * collected while the run went (already saved under {@code plots/}). Creating a writer removes
 * everything an earlier run generated there ({@link #GENERATED}: the files above, the TLC
 * timelines, the per-campaign results, the real-device results, the JUnit XML), so the folder
 * always describes one run; anything else in it is left alone, {@code ./kit bench scaling}'s table
 * included: when the folder holds one, the summary and the page show it as measured apart.
 */
public final class ReportWriter {
    private final Path dir;
    private final List<HtmlReport.Figure> figures = new ArrayList<>();
    private final List<HtmlReport.Evidence> evidence = new ArrayList<>();

    /** What a verify run writes into its folder (files and folders), as documented in reports/README.md. */
    public static final List<String> GENERATED = List.of("index.html", "summary.md", "summary.json",
            "scenario-results.json", "plots", "tlc", "v4l2", "junit");

    public ReportWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        for (String name : GENERATED) {
            deleteRecursively(dir.resolve(name));
        }
        Files.createDirectories(plotsDir());
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** Where a figure's PNG goes; pass the same name to {@link #addFigure}. */
    public Path plotFile(String name) {
        return plotsDir().resolve(name);
    }

    private Path plotsDir() {
        return dir.resolve("plots");
    }

    public void addFigure(String id, String title, String plotName, String caption) {
        figures.add(new HtmlReport.Figure(id, title, "plots/" + plotName, caption));
    }

    public void addEvidence(String id, String title, String html) {
        evidence.add(new HtmlReport.Evidence(id, title, html));
    }

    /** Writes the three summary files and returns every file of this run's report. */
    public List<Path> write(Summary summary) throws IOException {
        Optional<ScalingTable> scaling = ScalingTable.find(dir);
        if (scaling.isPresent()) {
            summary = scaling.get().listedIn(summary);
        }
        Path json = dir.resolve("summary.json");
        SummaryJson.write(summary, json);
        Path md = dir.resolve("summary.md");
        Files.writeString(md, SummaryMarkdown.render(summary) + scaling.map(ScalingTable::markdownSection).orElse(""));
        List<HtmlReport.Evidence> sections = new ArrayList<>(evidence);
        scaling.ifPresent(t -> sections.add(new HtmlReport.Evidence("scaling", "Scaling (measured apart)", t.html())));
        Path html = dir.resolve("index.html");
        Files.writeString(html, HtmlReport.render(summary, figures, sections));
        List<Path> written = new ArrayList<>(List.of(json, md, html));
        figures.forEach(f -> written.add(dir.resolve(f.file())));
        return written;
    }
}
