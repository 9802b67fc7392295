package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExpectedVerdictsTest {
    private final ExpectedVerdicts table = ExpectedVerdicts.load();

    @Test
    void theTableHasExactlyOneRowPerCiCheckAtTheCataloguesModelSize() {
        Set<String> catalogue = SpecCatalogue.ciChecks().stream()
                .map(c -> c.design().label() + "/" + c.property().tlaName() + "/" + c.cameras() + " " + c.modelSize())
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
                .filter(e -> e.property().startsWith("Canary") || e.design().equals("ThreadedSyncNoNotify")).toList();
        assertThat(mustFail).isNotEmpty().allSatisfy(e -> assertThat(e.expected()).isEqualTo(Verdict.VIOLATED));
        assertThat(mustFail).extracting(ExpectedVerdicts.Entry::design)
                .contains("NestedDispatch", "ThreadedSync", "ThreadedSyncNoNotify");
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() {
        assertThat(ExpectedVerdicts.csv("a,\"b, \"\"c\"\"\",d")).containsExactly("a", "b, \"c\"", "d");
    }
}
