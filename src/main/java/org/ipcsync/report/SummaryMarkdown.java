package org.ipcsync.report;

import java.util.Map;
import java.util.TreeSet;

/** The design x property matrix and headline numbers as Markdown, for CI logs and pull requests. */
public final class SummaryMarkdown {
    private SummaryMarkdown() {}

    public static String render(Summary s) {
        StringBuilder md = new StringBuilder("# ipcsync verify\n\n");
        md.append(s.run().ok() ? "All verdicts agree with the expected table and across layers.\n\n"
                : "**Problems:**\n\n" + String.join("\n", s.run().problems().stream().map(p -> "- " + p).toList()) + "\n\n");
        TreeSet<String> properties = new TreeSet<>();
        s.designs().values().forEach(d -> properties.addAll(d.properties().keySet()));
        md.append("| property |");
        s.designs().keySet().forEach(d -> md.append(' ').append(d).append(" (TLC / scenarios) |"));
        md.append("\n| --- |");
        s.designs().keySet().forEach(d -> md.append(" --- |"));
        md.append('\n');
        for (String p : properties) {
            md.append("| ").append(p).append(" |");
            for (Summary.DesignResult d : s.designs().values()) {
                Summary.PropertyResult r = d.properties().get(p);
                md.append(' ').append(r == null ? "—" : cell(r)).append(" |");
            }
            md.append('\n');
        }
        if (!s.benchmarks().isEmpty()) {
            md.append("\n## Benchmarks\n\n");
            for (Map.Entry<String, Object> b : s.benchmarks().entrySet()) {
                md.append("- **").append(b.getKey()).append("**: ").append(b.getValue()).append('\n');
            }
        }
        if (s.traceValidation() != null && !s.traceValidation().isEmpty()) {
            md.append("\n## Trace validation\n\n| design | checked | accepted | mutants rejected | median ms | p95 ms |\n"
                    + "| --- | --- | --- | --- | --- | --- |\n");
            s.traceValidation().forEach((d, t) -> {
                if (t.checked() == 0 && t.mutants() == 0) {
                    md.append("| ").append(d).append(" | ").append(t.sample()).append(" | | | | |\n");
                } else {
                    md.append(String.format("| %s | %d | %d | %d/%d | %s | %s |%n", d, t.checked(), t.accepted(),
                            t.mutantsRejected(), t.mutants(), t.medianMs(), t.p95Ms()));
                }
            });
            s.traceValidation().forEach((d, t) -> t.rejected().forEach(r -> md.append("- ").append(d)
                    .append(" rejected `").append(r.replay()).append("` at step ").append(r.step()).append(": ")
                    .append(r.event()).append('\n')));
        }
        if (s.libcamera() != null) {
            md.append("\n## Real libcamera ").append(s.libcamera().get("version")).append("\n\n| property | verdict | evidence |\n| --- | --- | --- |\n");
            if (s.libcamera().get("properties") instanceof Map<?, ?> props) {
                props.forEach((p, v) -> {
                    Map<?, ?> w = (Map<?, ?>) v;
                    Map<?, ?> e = (Map<?, ?>) w.get("evidence");
                    md.append("| ").append(p).append(" | ").append(w.get("verdict")).append(" | ")
                            .append(String.valueOf(e.get("observed")).replace("|", "\\|"))
                            .append(e.get("tlcCheck") == null ? "" : " (model: " + e.get("tlcCheck") + ")").append(" |\n");
                });
            }
        }
        md.append("\n## Steps\n\n| step | seconds | outcome |\n| --- | --- | --- |\n");
        for (Summary.Step step : s.run().steps()) {
            md.append(String.format("| %s | %.1f | %s |%n", step.name(), step.seconds(), step.outcome()));
        }
        md.append(String.format("%nTotal %.0f s.%n", s.run().durationSeconds()));
        return md.toString();
    }

    private static String cell(Summary.PropertyResult r) {
        String mark = switch (r.agreement()) {
            case Agreement.AGREE -> "";
            case Agreement.DISAGREE -> " **DISAGREE**";
            default -> " (one-sided)";
        };
        return r.tlc().verdict() + " / " + r.scenarios().verdict() + mark;
    }
}
