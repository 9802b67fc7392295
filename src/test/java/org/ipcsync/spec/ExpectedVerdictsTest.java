package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.catalog.DesignEntry;
import org.junit.jupiter.api.Test;

class ExpectedVerdictsTest {
    private final ExpectedVerdicts table = ExpectedVerdicts.load();

    @Test
    void theTableHasExactlyOneRowPerCiCheckAtTheCataloguesModelSize() {
        Set<String> catalogue = SpecCatalogue.ciChecks(DesignCatalog.models()).stream()
                .map(c -> ExpectedVerdicts.Entry.key(c.design().name(), c.property().tlaName(), c.cameras(), c.seq0())
                        + " " + c.modelSize())
                .collect(Collectors.toSet());
        Set<String> rows = table.entries().stream().map(e -> e.key() + " " + e.model()).collect(Collectors.toSet());
        assertThat(rows).containsExactlyInAnyOrderElementsOf(catalogue);
    }

    @Test
    void everyRowSaysWhy() {
        assertThat(table.entries()).allSatisfy(e -> assertThat(e.note()).isNotBlank());
    }

    @Test
    void canariesAndMutantsAreExpectedToFail() {
        Set<String> mutants = DesignCatalog.all().stream().filter(d -> d.kind() == DesignEntry.Kind.MUTANT)
                .map(DesignEntry::name).collect(Collectors.toSet());
        List<ExpectedVerdicts.Entry> canaries = table.entries().stream()
                .filter(e -> e.property().startsWith("Canary")).toList();
        assertThat(canaries).isNotEmpty().allSatisfy(e -> assertThat(e.expected()).isEqualTo(Verdict.VIOLATED));
        assertThat(canaries).extracting(ExpectedVerdicts.Entry::design)
                .contains("nested", "nested-caller-thread", "threaded", "poll-one", "async", "reference");
        // A mutant may also have "holds" rows (poll-one-full-timeout's NoEarlyTimeout shows which
        // property does not catch it); at least one property must find its planted bug.
        assertThat(mutants).contains("threaded-no-notify", "poll-one-full-timeout", "poll-one-deadline-first",
                "reference-cookie0", "reference-no-stale-drop", "reference-no-fail-fast", "reference-fail-before-read",
                "async-timer-keeps-pending");
        for (String mutant : mutants) {
            assertThat(table.entries()).as("%s: a property expected to find its bug", mutant)
                    .anySatisfy(e -> assertThat(e.design().equals(mutant) && !e.property().startsWith("Canary")
                            && e.expected() == Verdict.VIOLATED).isTrue());
        }
    }

    @Test
    void everyMutantOfTheAsyncDesignsIsCaughtByThePropertyItsMechanismExistsFor() {
        assertThat(table.entries()).filteredOn(e -> e.design().startsWith("reference-") || e.design().startsWith("async-"))
                .extracting(e -> e.design() + " " + e.property())
                .containsExactlyInAnyOrder("reference-cookie0 NoCookieConfusion", "reference-no-stale-drop NoStaleReplyAsEvent",
                        "reference-no-fail-fast PromptErrorOnExit", "reference-fail-before-read NoEarlyTimeout",
                        "async-timer-keeps-pending NoMatchedReplyTimeout");
    }

    @Test
    void theReferenceIsExpectedToHoldEveryPropertyAtEverySize() {
        List<ExpectedVerdicts.Entry> reference = table.entries().stream()
                .filter(e -> e.design().equals("reference") && !e.property().startsWith("Canary")).toList();
        assertThat(reference).extracting(ExpectedVerdicts.Entry::property).containsAll(Arrays.stream(Property.values())
                .filter(p -> !p.isCanary()).map(Property::tlaName).toList());
        assertThat(reference).allSatisfy(e -> assertThat(e.expected()).as(e.key()).isEqualTo(Verdict.HOLDS));
    }

    @Test
    void everyHoldsRowNamesItsCanaryAndThatCanaryIsViolatedOnTheSameModel() {
        for (ExpectedVerdicts.Entry e : table.entries()) {
            Property p = Property.byName(e.property());
            if (e.expected() != Verdict.HOLDS) {
                assertThat(e.canary()).as("%s: only a holds row names a canary", e.key()).isEmpty();
                continue;
            }
            assertThat(e.canary()).as("%s names the canary of %s", e.key(), p.tlaName())
                    .isEqualTo(p.canary().orElseThrow().tlaName());
            String canaryKey = ExpectedVerdicts.Entry.key(e.design(), e.canary(), e.cameras(), e.seq0());
            assertThat(table.entries()).as("%s is backed by %s on the same model", e.key(), canaryKey)
                    .anySatisfy(c -> {
                        assertThat(c.key()).isEqualTo(canaryKey);
                        assertThat(c.model()).isEqualTo(e.model());
                        assertThat(c.expected()).isEqualTo(Verdict.VIOLATED);
                    });
        }
    }

    @Test
    void everyPropertyNamesACanaryAndNoCanaryDoes() {
        for (Property p : Property.values()) {
            assertThat(p.canary().isPresent()).as(p.tlaName()).isEqualTo(!p.isCanary());
            p.canary().ifPresent(c -> assertThat(c.isCanary()).isTrue());
        }
    }

    @Test
    void theFirstCallAndALaterCallAreSeparateRows() {
        Check first = SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_COOKIE_CONFUSION, 2);
        Check later = first.withSeq0(1);
        assertThat(later.id()).isEqualTo("nested-NoCookieConfusion-N2-Seq1");
        assertThat(table.lookup(first)).hasValueSatisfying(e -> assertThat(e.expected()).isEqualTo(Verdict.VIOLATED));
        assertThat(table.lookup(later)).hasValueSatisfying(e -> assertThat(e.expected()).isEqualTo(Verdict.HOLDS));
    }

    @Test
    void aDifferentVerdictIsReportedWithBothSides() {
        Check check = SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 2);
        TlcResult wrong = new TlcResult(check, Verdict.VIOLATED, false, 10, 3, 1.0, null, List.of(), Path.of("target"));
        assertThat(table.disagreement(wrong)).hasValueSatisfying(
                why -> assertThat(why).contains("threaded-NoLostWakeup-N2", "TLC says violated", "expects holds"));
        TlcResult right = new TlcResult(check, Verdict.HOLDS, false, 10, 3, 1.0, null, List.of(), Path.of("target"));
        assertThat(table.disagreement(right)).isEmpty();
        TlcResult unlisted = new TlcResult(SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 5),
                Verdict.HOLDS, false, 10, 3, 1.0, null, List.of(), Path.of("target"));
        assertThat(table.disagreement(unlisted)).hasValueSatisfying(why -> assertThat(why).contains("no row"));
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        assertThat(ExpectedVerdicts.csv("a,\"b, \"\"c\"\"\",d")).containsExactly("a", "b, \"c\"", "d");
    }
}
