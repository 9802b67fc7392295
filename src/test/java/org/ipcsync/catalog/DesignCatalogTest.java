package org.ipcsync.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.ThreadedPipe;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.spec.Check;
import org.ipcsync.spec.ExpectedVerdicts;
import org.ipcsync.spec.Model;
import org.ipcsync.spec.Narration;
import org.ipcsync.spec.Property;
import org.ipcsync.spec.SpecCatalogue;
import org.ipcsync.spec.Verdict;
import org.ipcsync.verify.LayerMap;
import org.junit.jupiter.api.Test;

/**
 * Every design of the catalog is complete: what the kit needs of a design is in its entry or in
 * the checked-in tables under its one name. {@link #missing} lists what an entry lacks; the tests
 * hold the real catalog to an empty list and show, on made-up entries, that each gap is named.
 */
class DesignCatalogTest {
    private static final ExpectedVerdicts TABLE = ExpectedVerdicts.load();
    private static final LayerMap NOTES = LayerMap.load();

    /**
     * What {@code e} lacks, one line each (empty when complete):
     * <ul>
     * <li>an implemented design: a pipe of its own name, a campaign plan whose shrink set names
     * scenario properties, a spec module file, an expected-verdict row for every CI check of its
     * model (each property at each size it is checked at), and a layer note for every property only
     * one layer judges (the scenarios judge it, its model does not check it: NoMessageLoss);</li>
     * <li>a model variant or a mutant: a base that is an implemented design with the same TLA+
     * module, no pipe or campaign of its own, its rows; a variant (a matrix column TLC alone
     * fills) a note on every property it is checked on; a mutant a row that expects a non-canary
     * property violated (the planted bug).</li>
     * </ul>
     */
    static List<String> missing(DesignEntry e, List<DesignEntry> catalog, ExpectedVerdicts table, LayerMap notes) {
        List<String> out = new ArrayList<>();
        Model m = e.model();
        if (!Files.isRegularFile(Path.of("spec", m.module() + ".tla"))) {
            out.add(e.name() + ": no spec/" + m.module() + ".tla");
        }
        e.trace().ifPresent(t -> {
            if (!Files.isRegularFile(Path.of("spec", m.module() + "Trace.tla"))) {
                out.add(e.name() + ": a trace mapping but no spec/" + m.module() + "Trace.tla");
            }
        });
        for (Check c : SpecCatalogue.ciChecks(List.of(m))) {
            if (table.lookup(c).isEmpty()) {
                out.add(e.name() + ": no row in spec/expected-verdicts.csv for " + c.id() + " (model " + c.modelSize() + ")");
            }
        }
        switch (e.kind()) {
            case IMPLEMENTED -> {
                if (e.pipe().isEmpty()) {
                    out.add(e.name() + ": implemented but no pipe");
                }
                if (e.campaign().isEmpty()) {
                    out.add(e.name() + ": implemented but no campaign plan");
                }
                e.campaign().ifPresent(p -> p.shrink().stream().filter(s -> !Properties.names().contains(s))
                        .forEach(s -> out.add(e.name() + ": campaign shrinks '" + s + "', which no scenario property is")));
                if (e.base().isPresent()) {
                    out.add(e.name() + ": implemented designs have no base");
                }
                Set<String> modelChecks = new HashSet<>();
                m.properties().forEach(p -> modelChecks.add(p.tlaName()));
                for (String p : Properties.names()) {
                    if (!modelChecks.contains(p) && notes.note(e.name(), p) == null) {
                        out.add(e.name() + ": " + p + " is judged by the scenarios only and has no row in spec/layer-notes.csv");
                    }
                }
            }
            case MODEL_VARIANT, MUTANT -> {
                Optional<DesignEntry> base = e.base().flatMap(b -> catalog.stream().filter(x -> x.name().equals(b)).findFirst());
                if (base.isEmpty()) {
                    out.add(e.name() + ": " + e.kind() + " names no design of the catalog as its base (" + e.base() + ")");
                } else if (base.get().kind() != DesignEntry.Kind.IMPLEMENTED
                        || !base.get().model().module().equals(m.module())) {
                    out.add(e.name() + ": its base " + base.get().name() + " must be an implemented design of module "
                            + m.module());
                }
                if (e.pipe().isPresent() || e.campaign().isPresent()) {
                    out.add(e.name() + ": a " + e.kind() + " has no pipe or campaign of its own");
                }
                if (e.kind() == DesignEntry.Kind.MODEL_VARIANT) {
                    m.properties().stream().filter(p -> !p.isCanary())
                            .filter(p -> notes.note(e.name(), p.tlaName()) == null)
                            .forEach(p -> out.add(e.name() + ": " + p.tlaName()
                                    + " is judged by TLC only and has no row in spec/layer-notes.csv"));
                } else {
                    boolean planted = table.entries().stream().anyMatch(r -> r.design().equals(e.name())
                            && !r.property().startsWith("Canary") && r.expected() == Verdict.VIOLATED);
                    if (!planted) {
                        out.add(e.name() + ": a mutant with no row expecting its bug to be found (violated)");
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyDesignOfTheCatalogIsComplete() {
        List<String> gaps = new ArrayList<>();
        DesignCatalog.all().forEach(e -> gaps.addAll(missing(e, DesignCatalog.all(), TABLE, NOTES)));
        assertThat(gaps).as("what the catalog's designs lack").isEmpty();
        assertThat(DesignCatalog.implemented()).as("designs both layers judge").isNotEmpty();
    }

    @Test
    void anImplementedDesignWithoutRowsOrNotesIsNamedWithWhatItLacks() {
        Model model = new Model("made-up", "ThreadedSync", 1, Map.of("Notify", "TRUE"),
                List.of(Property.NO_LOST_WAKEUP), List.of(2), List.of(),
                new Narration(Narration.Story.RECEIVER_THREAD, Narration.Callers.CAMERA_MANAGER));
        DesignEntry e = DesignEntry.implemented(new PipeDesign("made-up", Duration.ofSeconds(1), PipeDesign.Wait.RECEIVER_THREAD,
                ThreadedPipe::new),
                model, new CampaignPlan(1, Set.of("NoSuchProperty")), Optional.empty(), "test");
        assertThat(missing(e, DesignCatalog.all(), TABLE, NOTES)).anySatisfy(
                        l -> assertThat(l).contains("no row in spec/expected-verdicts.csv for made-up-NoLostWakeup-N2"))
                .anySatisfy(l -> assertThat(l).contains("shrinks 'NoSuchProperty'"))
                .anySatisfy(l -> assertThat(l).contains("BoundedReturn is judged by the scenarios only"))
                .noneSatisfy(l -> assertThat(l).contains("NoMessageLoss")); // the wildcard row covers it
    }

    @Test
    void anImplementedDesignWithoutPipeOrCampaignIsNamed() {
        Model model = DesignCatalog.model("threaded");
        DesignEntry e = new DesignEntry("threaded", DesignEntry.Kind.IMPLEMENTED, Optional.empty(), Optional.empty(),
                model, Optional.empty(), Optional.empty(), "test");
        assertThat(missing(e, DesignCatalog.all(), TABLE, NOTES))
                .contains("threaded: implemented but no pipe", "threaded: implemented but no campaign plan");
    }

    @Test
    void aVariantOrMutantMustNameAnImplementedBaseOfItsModuleAndHaveItsNotes() {
        Model nestedLike = new Model("orphan", "NestedDispatch", 2, Map.of("Callers", "\"cm\""),
                List.of(Property.NO_LOST_WAKEUP), List.of(2), List.of(),
                new Narration(Narration.Story.NESTED_LOOP, Narration.Callers.CAMERA_MANAGER));
        assertThat(missing(DesignEntry.variant("no-such-design", nestedLike, "test"), DesignCatalog.all(), TABLE, NOTES))
                .anySatisfy(l -> assertThat(l).contains("names no design of the catalog as its base"))
                .anySatisfy(l -> assertThat(l).contains("NoLostWakeup is judged by TLC only"));
        assertThat(missing(DesignEntry.mutant("threaded", nestedLike, "test"), DesignCatalog.all(), TABLE, NOTES))
                .anySatisfy(l -> assertThat(l).contains("its base threaded must be an implemented design of module NestedDispatch"))
                .anySatisfy(l -> assertThat(l).contains("no row expecting its bug"));
    }

    @Test
    void everyModelOnlyEntryNamesItsBase() {
        assertThat(DesignCatalog.all()).filteredOn(e -> e.kind() != DesignEntry.Kind.IMPLEMENTED)
                .isNotEmpty().allSatisfy(e -> assertThat(e.base()).as(e.name()).isPresent());
    }

    @Test
    void namesAreOneWordEachAndEveryTableUsesOnlyThem() throws IOException {
        List<String> names = DesignCatalog.names();
        assertThat(names).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).matches("[a-z]+(-[a-z]+)*"));
        assertThat(TABLE.entries()).allSatisfy(r -> assertThat(names).as("design of row %s", r.key()).contains(r.design()));
        for (String line : Files.readAllLines(LayerMap.NOTES_FILE)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("design,")) {
                continue;
            }
            String design = line.split(",", 2)[0].trim();
            assertThat(design.equals("*") || names.contains(design)).as("layer-notes design '%s'", design).isTrue();
        }
    }

    @Test
    void unknownAndModelOnlyNamesAreRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> DesignCatalog.get("NestedDispatch")).hasMessageContaining("unknown design 'NestedDispatch'")
                .hasMessageContaining(String.join(", ", DesignCatalog.names()));
        assertThatThrownBy(() -> DesignCatalog.pipe("threaded-no-notify")).hasMessageContaining("mutant of threaded")
                .hasMessageContaining("has no pipe");
    }

    @Test
    void oneNamePerDesignAcrossPipeModelAndTraceMapping() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (DesignEntry e : DesignCatalog.all()) {
            assertThat(e.model().name()).isEqualTo(e.name());
            e.pipe().ifPresent(p -> assertThat(p.name()).isEqualTo(e.name()));
            e.trace().ifPresent(t -> assertThat(t.model()).isSameAs(e.model()));
            seen.put(e.name(), e.kind().name());
        }
        assertThatThrownBy(() -> DesignEntry.implemented(new PipeDesign("other", Duration.ofSeconds(1), PipeDesign.Wait.RECEIVER_THREAD,
                ThreadedPipe::new),
                DesignCatalog.model("threaded"), new CampaignPlan(1, Set.of()), Optional.empty(), "test"))
                .hasMessageContaining("one name per design");
        assertThat(seen).containsEntry("nested", "IMPLEMENTED").containsEntry("threaded-no-notify", "MUTANT");
    }
}
