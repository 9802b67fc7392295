package org.ipcsync.report;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * reports/index.html: one static page, no scripts, readable straight from the file system. The
 * matrix links every cell to its evidence further down the page.
 */
public final class HtmlReport {
    /** A chart saved next to the page ({@code file} relative to reports/). */
    public record Figure(String id, String title, String file, String caption) {}

    /** A block of evidence (a counterexample timeline, a recorded scenario), already HTML. */
    public record Evidence(String id, String title, String html) {}

    private HtmlReport() {}

    public static String evidenceId(String design, String property) {
        return "evidence-" + design + "-" + property;
    }

    public static String render(Summary s, List<Figure> figures, List<Evidence> evidence) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>ipcsync verify</title><style>").append(CSS)
                .append(org.ipcsync.spec.TimelineWriter.STYLE).append("</style></head><body>\n")
                .append("<h1>ipcsync: libcamera isolated-IPA sync calls, design by property</h1>\n")
                .append("<p class=\"meta\">").append(esc(s.run().started())).append(" · ")
                .append(String.format("%.0f s", s.run().durationSeconds())).append(" · ")
                .append(esc(String.join(", ", s.run().versions().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).toList()))).append("</p>\n");
        if (!s.run().ok()) {
            h.append("<div class=\"problems\"><h2>Problems</h2><ul>");
            s.run().problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
            h.append("</ul></div>\n");
        }
        matrix(h, s, evidence);
        h.append("<h2 id=\"figures\">Latency and stalls</h2>\n");
        for (Figure f : figures) {
            h.append("<figure id=\"").append(esc(f.id())).append("\"><img src=\"").append(esc(f.file()))
                    .append("\" alt=\"").append(esc(f.title())).append("\"><figcaption><b>").append(esc(f.title()))
                    .append("</b> ").append(esc(f.caption())).append("</figcaption></figure>\n");
        }
        tlcStatistics(h, s);
        if (!s.benchmarks().isEmpty()) {
            h.append("<h2 id=\"benchmarks\">Benchmarks</h2><table class=\"plain\">");
            s.benchmarks().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
                    .append(esc(String.valueOf(v))).append("</td></tr>"));
            h.append("</table>\n");
        }
        if (s.vivid() != null) {
            h.append("<h2 id=\"vivid\">vivid (real V4L2 in a QEMU guest)</h2><table class=\"plain\">");
            s.vivid().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>")
                    .append(esc(String.valueOf(v))).append("</td></tr>"));
            h.append("</table>\n");
        }
        if (s.traceValidation() != null && !s.traceValidation().isEmpty()) {
            traceValidation(h, s.traceValidation());
        }
        if (s.libcamera() != null) {
            libcamera(h, s.libcamera());
        }
        h.append("<h2 id=\"evidence\">Evidence</h2>\n");
        for (Evidence e : evidence) {
            h.append("<section class=\"evidence\" id=\"").append(esc(e.id())).append("\"><h3>").append(esc(e.title()))
                    .append("</h3>\n").append(e.html()).append("\n</section>\n");
        }
        h.append("<h2>Steps</h2><table class=\"plain\"><tr><th>step</th><th>seconds</th><th>outcome</th></tr>");
        s.run().steps().forEach(st -> h.append("<tr><td>").append(esc(st.name())).append("</td><td>")
                .append(String.format("%.1f", st.seconds())).append("</td><td>").append(esc(st.outcome()))
                .append("</td></tr>"));
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    private static void matrix(StringBuilder h, Summary s, List<Evidence> evidence) {
        TreeSet<String> properties = new TreeSet<>();
        s.designs().values().forEach(d -> properties.addAll(d.properties().keySet()));
        java.util.Set<String> ids = new java.util.HashSet<>();
        evidence.forEach(e -> ids.add(e.id()));
        h.append("<h2 id=\"matrix\">Design × property</h2>\n<table class=\"matrix\"><tr><th>property</th>");
        s.designs().keySet().forEach(d -> h.append("<th>").append(esc(d)).append("<br><small>TLC · scenarios</small></th>"));
        h.append("</tr>\n");
        for (String p : properties) {
            h.append("<tr><th>").append(esc(p)).append("</th>");
            for (Map.Entry<String, Summary.DesignResult> d : s.designs().entrySet()) {
                Summary.PropertyResult r = d.getValue().properties().get(p);
                if (r == null) {
                    h.append("<td class=\"none\">—</td>");
                    continue;
                }
                String id = evidenceId(d.getKey(), p);
                String tlc = r.tlc().verdict();
                String sc = r.scenarios().verdict();
                h.append("<td class=\"").append(cellClass(tlc, sc, r.agreement())).append("\">");
                String text = badge(tlc) + " · " + badge(sc);
                if (ids.contains(id)) {
                    h.append("<a href=\"#").append(esc(id)).append("\">").append(text).append("</a>");
                } else {
                    h.append(text);
                }
                h.append("<br><small>").append(esc(r.agreement())).append("</small></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<p class=\"legend\"><span class=\"holds\">holds</span> <span class=\"violated\">violated</span>"
                + " <span class=\"mixed\">layers differ</span> — each cell: TLC verdict · scenario verdict.</p>\n");
    }

    /** The "real libcamera 0.0.3" row: what Debian's cam and worker did, next to the model's check. */
    @SuppressWarnings("unchecked")
    /** Per design: recordings checked against the spec with TLC, mutants rejected, and every rejection with its replay. */
    private static void traceValidation(StringBuilder h, Map<String, Summary.TraceResult> traces) {
        h.append("<h2 id=\"traces\">Trace validation</h2><table class=\"plain\"><tr><th>design</th><th>checked</th>"
                + "<th>accepted</th><th>mutants rejected</th><th>median ms</th><th>p95 ms</th></tr>");
        traces.forEach((d, t) -> {
            if (t.checked() == 0 && t.mutants() == 0) {
                h.append("<tr><th>").append(esc(d)).append("</th><td colspan=\"5\">").append(esc(t.sample())).append("</td></tr>");
            } else {
                h.append("<tr><th>").append(esc(d)).append("</th><td>").append(t.checked()).append("</td><td>")
                        .append(t.accepted()).append("</td><td>").append(t.mutantsRejected()).append('/').append(t.mutants())
                        .append("</td><td>").append(t.medianMs()).append("</td><td>").append(t.p95Ms()).append("</td></tr>");
            }
        });
        h.append("</table>");
        traces.values().stream().filter(t -> t.checked() > 0).findFirst()
                .ifPresent(t -> h.append("<p>Sample: ").append(esc(t.sample())).append("</p>"));
        traces.forEach((d, t) -> t.rejected().forEach(r -> h.append("<p class=\"problems\">").append(esc(d))
                .append(": <code>").append(esc(r.replay())).append("</code> ")
                .append(r.step() > 0 ? "rejected at step " + r.step() + " of " + r.length() : "not decided")
                .append(": ").append(esc(String.valueOf(r.event()))).append("</p>")));
    }

    private static void libcamera(StringBuilder h, Map<String, Object> lc) {
        h.append("<h2 id=\"libcamera\">Real libcamera ").append(esc(String.valueOf(lc.get("version"))))
                .append("</h2>\n<table class=\"matrix libcamera\"><tr><th></th>");
        Map<String, Object> props = (Map<String, Object>) lc.getOrDefault("properties", Map.of());
        props.keySet().forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
        h.append("</tr>\n<tr><th>real libcamera 0.0.3</th>");
        props.forEach((p, v) -> {
            Map<String, Object> w = (Map<String, Object>) v;
            String verdict = String.valueOf(w.get("verdict"));
            h.append("<td class=\"").append(Verdicts.judged(verdict) ? verdict : "none").append("\"><a href=\"#libcamera-")
                    .append(esc(p)).append("\">").append(badge(verdict)).append("</a></td>");
        });
        h.append("</tr></table>\n");
        props.forEach((p, v) -> {
            Map<String, Object> e = (Map<String, Object>) ((Map<String, Object>) v).get("evidence");
            h.append("<section class=\"evidence\" id=\"libcamera-").append(esc(p)).append("\"><h3>real libcamera · ")
                    .append(esc(p)).append("</h3><table class=\"plain\">");
            e.forEach((k, val) -> {
                if (!"log".equals(k)) {
                    h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(String.valueOf(val)))
                            .append("</td></tr>");
                }
            });
            h.append("</table><pre>").append(esc(String.join("\n", (List<String>) e.getOrDefault("log", List.of()))))
                    .append("</pre></section>\n");
        });
        lc.forEach((k, v) -> {
            if (!"version".equals(k) && !"properties".equals(k)) {
                h.append("<h3>").append(esc(k)).append("</h3><table class=\"plain\">");
                if (v instanceof Map<?, ?> m) {
                    m.forEach((a, b) -> h.append("<tr><th>").append(esc(String.valueOf(a))).append("</th><td>")
                            .append(esc(String.valueOf(b))).append("</td></tr>"));
                }
                h.append("</table>\n");
            }
        });
    }

    private static void tlcStatistics(StringBuilder h, Summary s) {
        h.append("<h2 id=\"tlc\">TLC statistics</h2><table class=\"plain\"><tr><th>design</th><th>property</th>"
                + "<th>cameras</th><th>verdict</th><th>expected</th><th>distinct states</th><th>depth</th><th>seconds</th></tr>");
        s.designs().forEach((d, r) -> r.properties().forEach((p, pr) -> {
            Summary.TlcResult t = pr.tlc();
            if (!Verdicts.judged(t.verdict())) {
                return;
            }
            h.append("<tr><td>").append(esc(d)).append("</td><td>").append(esc(p)).append("</td><td>")
                    .append(t.cameras()).append("</td><td>").append(esc(t.verdict())).append("</td><td>")
                    .append(esc(String.valueOf(t.expected()))).append("</td><td>").append(t.states())
                    .append("</td><td>").append(t.depth()).append("</td><td>")
                    .append(t.seconds() == null ? "" : String.format("%.1f", t.seconds())).append("</td></tr>");
        }));
        h.append("</table>\n");
    }

    private static String cellClass(String tlc, String sc, String agreement) {
        if (Agreement.DISAGREE.equals(agreement)) {
            return "mixed";
        }
        String v = Verdicts.judged(tlc) ? tlc : sc;
        return Verdicts.judged(v) ? v : "none";
    }

    private static String badge(String verdict) {
        return switch (verdict) {
            case Verdicts.HOLDS -> "✔ holds";
            case Verdicts.VIOLATED -> "✘ violated";
            default -> "– not judged";
        };
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}
            h1{font-size:1.5em} .meta{color:#666;font-size:.9em}
            table{border-collapse:collapse;margin:1em 0} th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left}
            table.matrix td{text-align:center;min-width:11em}
            td.holds,span.holds{background:#d5f5e3} td.violated,span.violated{background:#fadbd8}
            td.mixed,span.mixed{background:#fcf3cf} td.none{background:#f2f3f4}
            td a{color:inherit} .legend span{padding:.1em .5em}
            figure{margin:1.5em 0} figure img{max-width:100%;border:1px solid #ddd}
            .problems{border:2px solid #c0392b;padding:.5em 1em;background:#fdedec}
            section.evidence{border-top:1px solid #ddd;margin-top:1.5em}
            section.evidence{overflow-x:auto} pre{background:#f8f9f9;padding:.5em;overflow-x:auto;font-size:.8em}
            """;
}
