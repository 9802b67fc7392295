package org.ipcsync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ipcsync.report.Summary;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.spec.Check;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.spec.Property;
import org.junit.jupiter.api.Test;

class LayerAgreementTest {
    private static ModelVerdict model(org.ipcsync.spec.Model d, Property p, int cameras, String verdict) {
        return new ModelVerdict(new Check(d, p, cameras, 1), verdict, verdict, 10L, 3, 1.0, null);
    }

    private static CampaignResult campaign(String design, String property, int failures) {
        return new CampaignResult(design, 7, 0.2, "1/1", 10, 10, 1000, 10.0, List.of(new CampaignResult.PropertyResult(
                property, failures > 0 ? "violated" : "holds", 10, failures, 5, List.of(),
                failures > 0 ? "cameras=2 stop-all" : null, failures > 0 ? 0 : -1, null,
                failures > 0 ? "cameras=2 stop-all" : null, List.of(), 0, false)));
    }

    @Test
    void aPropertyViolatedAtAnyModelSizeIsViolatedAndDisagreementsAreReported() {
        List<ModelVerdict> m = List.of(
                model(DesignCatalog.model("nested"), Property.NO_LOST_WAKEUP, 2, "holds"),
                model(DesignCatalog.model("nested"), Property.NO_LOST_WAKEUP, 3, "violated"),
                model(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 2, "holds"),
                model(DesignCatalog.model("threaded"), Property.NO_LOST_WAKEUP, 3, "holds"));
        Map<String, CampaignResult> c = Map.of(
                "nested", campaign("nested", "NoLostWakeup", 3),
                "threaded", campaign("threaded", "NoLostWakeup", 1));
        Map<String, Summary.DesignResult> designs = LayerAgreement.combine(m, c, Map.of(), LayerMap.load());

        Summary.PropertyResult nested = designs.get("nested").properties().get("NoLostWakeup");
        assertThat(nested.tlc().verdict()).isEqualTo("violated");
        assertThat(nested.tlc().cameras()).isEqualTo(3);
        assertThat(nested.agreement()).isEqualTo("agree");

        Summary.PropertyResult threaded = designs.get("threaded").properties().get("NoLostWakeup");
        assertThat(threaded.tlc().verdict()).isEqualTo("holds");
        assertThat(threaded.tlc().cameras()).isEqualTo(3);
        assertThat(threaded.agreement()).isEqualTo("disagree");
        assertThat(LayerAgreement.disagreements(designs)).singleElement().asString()
                .contains("threaded NoLostWakeup: TLC says holds, scenarios say violated")
                .contains("cameras=2 stop-all").contains("seed 7");
    }

    @Test
    void aDesignOrPropertyOnlyOneLayerJudgesIsOneSidedWithItsReason() {
        List<ModelVerdict> m = List.of(model(DesignCatalog.model("nested-cross-thread"), Property.BOUNDED_RETURN, 2, "violated"));
        Map<String, CampaignResult> c = Map.of("nested", campaign("nested", "NoMessageLoss", 0));
        Map<String, Summary.DesignResult> designs = LayerAgreement.combine(m, c, Map.of(), LayerMap.load());

        Summary.PropertyResult cross = designs.get("nested-cross-thread").properties().get("BoundedReturn");
        assertThat(cross.agreement()).isEqualTo("one-sided");
        assertThat(cross.scenarios().verdict()).isEqualTo("not-judged");
        assertThat(cross.scenarios().note()).contains("camera manager thread");

        Summary.PropertyResult loss = designs.get("nested").properties().get("NoMessageLoss");
        assertThat(loss.tlc().verdict()).isEqualTo("not-judged");
        assertThat(loss.agreement()).isEqualTo("one-sided");
        assertThat(loss.tlc().note()).contains("scenarios only");
    }
}
