package org.ipcsync.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one run's reports into a folder: summary.json, summary.md, index.html and the figures
 * collected while the run went (already saved under {@code plots/}). Files from an earlier run
 * that this one does not produce are removed, so the folder always describes one run.
 */
public final class ReportWriter {
    private final Path dir;
    private final List<HtmlReport.Figure> figures = new ArrayList<>();
    private final List<HtmlReport.Evidence> evidence = new ArrayList<>();

    public ReportWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Path plots = plotsDir();
        if (Files.isDirectory(plots)) {
            try (var old = Files.list(plots)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(plots);
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
        Path json = dir.resolve("summary.json");
        SummaryJson.write(summary, json);
        Path md = dir.resolve("summary.md");
        Files.writeString(md, SummaryMarkdown.render(summary));
        Path html = dir.resolve("index.html");
        Files.writeString(html, HtmlReport.render(summary, figures, evidence));
        List<Path> written = new ArrayList<>(List.of(json, md, html));
        figures.forEach(f -> written.add(dir.resolve(f.file())));
        return written;
    }
}
