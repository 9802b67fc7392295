package org.ipcsync.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipcsync.report.Agreement;
import org.ipcsync.report.Summary;
import org.ipcsync.report.Verdicts;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.catalog.DesignEntry;

/**
 * Puts the two layers' verdicts side by side, per design and property. A model property is
 * violated for a design when any CI model size violates it and holds when every size proves
 * it; the cell shows the smallest violating check (the shortest story) or the largest proving one.
 */
public final class LayerAgreement {
    private LayerAgreement() {}

    public static Map<String, Summary.DesignResult> combine(List<ModelVerdict> model,
                                                            Map<String, CampaignResult> campaigns,
                                                            Map<String, String> evidence, LayerMap notes) {
        Map<String, Summary.DesignResult> designs = new LinkedHashMap<>();
        for (DesignEntry entry : DesignCatalog.matrix()) {
            String kit = entry.name();
            Map<String, Summary.PropertyResult> cells = new LinkedHashMap<>();
            List<String> properties = new ArrayList<>();
            model.stream().filter(v -> v.check().design().name().equals(kit) && !v.check().property().isCanary())
                    .map(v -> v.check().property().tlaName()).distinct().forEach(properties::add);
            Optional<CampaignResult> campaign = entry.pipe().map(p -> campaigns.get(p.name()));
            campaign.ifPresent(c -> c.properties().forEach(p -> {
                if (!properties.contains(p.property())) {
                    properties.add(p.property());
                }
            }));
            for (String property : properties) {
                Summary.TlcResult tlc = modelCell(model, kit, property, notes.note(kit, property));
                Summary.ScenarioResult sc = campaign.map(c -> scenarioCell(c, property,
                                evidence.get(kit + "/" + property), notes.note(kit, property)))
                        .orElseGet(() -> Summary.ScenarioResult.notJudged(notes.note(kit, property)));
                cells.put(property, Summary.PropertyResult.of(tlc, sc));
            }
            designs.put(kit, new Summary.DesignResult(cells));
        }
        return designs;
    }

    /**
     * The rule for evidence from real devices or real libcamera, whose few runs cannot prove a
     * property: it is held to the sound direction only. A violation it observes is a problem when
     * TLC judged that property for that design and proved it holds at every size.
     */
    public static boolean violationTlcRefutes(List<ModelVerdict> model, String design, String property) {
        List<ModelVerdict> runs = model.stream().filter(v -> v.check().design().name().equals(design)
                && v.check().property().tlaName().equals(property)).toList();
        return !runs.isEmpty() && runs.stream().noneMatch(v -> Verdicts.VIOLATED.equals(v.verdict()));
    }

    /** Every cell whose two judged verdicts differ, as one line each. */
    public static List<String> disagreements(Map<String, Summary.DesignResult> designs) {
        List<String> out = new ArrayList<>();
        designs.forEach((d, r) -> r.properties().forEach((p, c) -> {
            if (Agreement.DISAGREE.equals(c.agreement())) {
                out.add(d + " " + p + ": TLC says " + c.tlc().verdict() + ", scenarios say " + c.scenarios().verdict()
                        + (c.scenarios().shrunk() != null ? " (scenario " + c.scenarios().shrunk() + ")" : "")
                        + " (tries " + c.scenarios().tries() + ", seed " + c.scenarios().seed() + ")");
            }
        }));
        return out;
    }

    private static Summary.TlcResult modelCell(List<ModelVerdict> model, String design, String property, String note) {
        List<ModelVerdict> runs = model.stream()
                .filter(v -> v.check().design().name().equals(design) && v.check().property().tlaName().equals(property))
                .sorted((a, b) -> Integer.compare(a.check().cameras(), b.check().cameras())).toList();
        if (runs.isEmpty()) {
            return Summary.TlcResult.notJudged(note);
        }
        Optional<ModelVerdict> violated = runs.stream().filter(v -> Verdicts.VIOLATED.equals(v.verdict())).findFirst();
        ModelVerdict shown = violated.orElse(runs.get(runs.size() - 1));
        String verdict = violated.isPresent() ? Verdicts.VIOLATED : Verdicts.HOLDS;
        String expected = runs.stream().anyMatch(v -> Verdicts.VIOLATED.equals(v.expected()))
                ? Verdicts.VIOLATED : Verdicts.HOLDS;
        return new Summary.TlcResult(verdict, expected, shown.check().cameras(), shown.states(), shown.depth(),
                shown.seconds(), shown.counterexample(), note);
    }

    private static Summary.ScenarioResult scenarioCell(CampaignResult c, String property, String evidence,
                                                       String note) {
        CampaignResult.PropertyResult p = c.properties().stream().filter(x -> x.property().equals(property))
                .findFirst().orElse(null);
        if (p == null) {
            return Summary.ScenarioResult.notJudged(note);
        }
        String verdict = p.violated() ? Verdicts.VIOLATED : p.vacuous() ? Verdicts.VACUOUS : Verdicts.HOLDS;
        return new Summary.ScenarioResult(verdict, p.tries(), p.failures(),
                c.seed(), p.replay() != null ? p.replay() : p.firstFailure(), evidence, note);
    }
}
