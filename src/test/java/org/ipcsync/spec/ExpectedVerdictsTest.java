package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipcsync.catalog.DesignCatalog;
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
    void canariesAndTheNoNotifyMutantAreExpectedToFail() {
        List<ExpectedVerdicts.Entry> mustFail = table.entries().stream()
                .filter(e -> e.property().startsWith("Canary") || e.design().equals("threaded-no-notify")).toList();
        assertThat(mustFail).isNotEmpty().allSatisfy(e -> assertThat(e.expected()).isEqualTo(Verdict.VIOLATED));
        assertThat(mustFail).extracting(ExpectedVerdicts.Entry::design)
                .contains("nested", "nested-caller-thread", "threaded", "threaded-no-notify");
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
