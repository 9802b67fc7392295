package org.ipcsync.spec;

import java.util.List;
import java.util.stream.Collectors;

/** Renders a {@link Timeline} as a Markdown table or a static HTML page (no scripts). Stateless. */
public final class TimelineWriter {
    private TimelineWriter() {}

    public static String markdown(Timeline t) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(t.check().id()).append(": counterexample\n\n");
        sb.append(t.headline()).append("\n\n");
        sb.append("Model: N=").append(t.check().cameras()).append(' ').append(t.check().modelSize())
                .append(" (one tick = 1000 ms). Time runs down the page; each row is one step, in its actor's lane.\n\n");
        sb.append("| state | t (s) | ").append(String.join(" | ", t.lanes().subList(1, t.lanes().size())))
                .append(" |\n");
        sb.append("|---|---|").append("---|".repeat(t.lanes().size() - 1)).append('\n');
        for (Timeline.Row r : t.rows()) {
            // The time column carries the tick and, for a tick step, what passing time did.
            sb.append("| ").append(r.state()).append(" | ").append(r.tick())
                    .append(r.lane().equals(Timeline.TIME) ? " — *" + md(r.lines()) + "*" : "").append(" | ");
            for (String lane : t.lanes().subList(1, t.lanes().size())) {
                sb.append(lane.equals(r.lane()) ? md(r.lines()) : "").append(" | ");
            }
            sb.append('\n');
        }
        sb.append("\n## How it ends\n\n");
        t.ending().forEach(line -> sb.append("- ").append(line).append('\n'));
        sb.append("\nActions (TLA+): ").append(t.rows().stream().skip(1)
                .map(r -> r.state() + " " + r.action()).distinct().collect(Collectors.joining(", "))).append('\n');
        return sb.toString();
    }

    /** A standalone page holding {@link #htmlFragment}. */
    public static String html(Timeline t) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(t.check().id())
                + "</title>\n<style>body{font-family:sans-serif;margin:1.5em}" + STYLE + "</style></head><body>\n"
                + "<h1>" + esc(t.check().id()) + ": counterexample</h1>\n" + htmlFragment(t) + "</body></html>\n";
    }

    /** Table cell styles the fragment relies on, for pages that embed it. */
    public static final String STYLE = "table.timeline{border-collapse:collapse}"
            + "table.timeline th,table.timeline td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;"
            + "font-size:13px;max-width:22em}table.timeline th{background:#eee;position:sticky;top:0}"
            + "td.time{background:#f6f6ff;font-style:italic}td.act{background:#fffbe6}.sub{color:#777;font-size:11px}";

    /** The counterexample as a sequence diagram: one lane per thread or process, time down the page. */
    public static String htmlFragment(Timeline t) {
        List<String> lanes = t.lanes();
        StringBuilder sb = new StringBuilder();
        sb.append("<p>").append(esc(t.headline()))
                .append("</p>\n<p>Model: N=").append(t.check().cameras()).append(' ')
                .append(esc(t.check().modelSize())).append(" (one tick = 1000 ms). Time runs down the page.</p>\n");
        sb.append("<table class=\"timeline\">\n<tr><th>state</th>");
        lanes.forEach(l -> sb.append("<th>").append(esc(l.equals(Timeline.TIME) ? "t (s)" : l)).append("</th>"));
        sb.append("</tr>\n");
        for (Timeline.Row r : t.rows()) {
            sb.append("<tr><td>").append(r.state()).append("<div class=\"sub\">").append(esc(r.action()))
                    .append("</div></td>");
            for (String lane : lanes) {
                if (lane.equals(Timeline.TIME)) {
                    sb.append("<td class=\"time\">").append(r.tick())
                            .append(r.lane().equals(Timeline.TIME) ? "<br>" + htmlLines(r.lines()) : "").append("</td>");
                } else if (lane.equals(r.lane())) {
                    sb.append("<td class=\"act\">").append(htmlLines(r.lines())).append("</td>");
                } else {
                    sb.append("<td></td>");
                }
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<h4>How it ends</h4>\n<ul>\n");
        t.ending().forEach(line -> sb.append("<li>").append(esc(line)).append("</li>\n"));
        sb.append("</ul>\n");
        return sb.toString();
    }

    private static String md(List<String> lines) {
        return lines.stream().map(l -> l.replace("|", "\\|")).collect(Collectors.joining("<br>"));
    }

    private static String htmlLines(List<String> lines) {
        return lines.stream().map(TimelineWriter::esc).collect(Collectors.joining("<br>"));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
