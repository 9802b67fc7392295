package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TlaValueTest {
    @Test
    void readsTheValueShapesTlcPrintsForOurVariables() {
        assertThat(TlaValue.parse("-1")).isEqualTo(-1);
        assertThat(TlaValue.parse("<<>>")).isEqualTo(List.of());
        assertThat(TlaValue.parse("{}")).isEqualTo(List.of());
        assertThat(TlaValue.parse("{\"cm\"}")).isEqualTo(List.of("cm"));
        assertThat(TlaValue.parse("(0 :> FALSE @@ 1 :> TRUE)")).isEqualTo(Map.of(0, false, 1, true));
        assertThat(TlaValue.parse("[cm |-> <<[pc |-> \"poll\", cam |-> -1]>>]"))
                .isEqualTo(Map.of("cm", List.of(Map.of("pc", "poll", "cam", -1))));
        assertThat(TlaValue.parse("(0 :> <<[cookie |-> 0, kind |-> \"reply\"]>> @@ 1 :> <<>>)"))
                .isEqualTo(Map.of(0, List.of(Map.of("cookie", 0, "kind", "reply")), 1, List.of()));
    }

    @Test
    void keepsMultiLineLayoutOutOfTheValue() {
        Object v = TlaValue.parse("( 0 :>\n      [ state |-> \"calling\",\n        elapsed |-> 2 ] )");
        assertThat(v).isEqualTo(Map.of(0, Map.of("state", "calling", "elapsed", 2)));
    }

    @Test
    void unescapesStrings() {
        assertThat(TlaValue.parse("\"a\\\"b\"")).isEqualTo("a\"b");
    }

    @Test
    void rejectsWhatIsNotOneValue() {
        assertThatThrownBy(() -> TlaValue.parse("<<1, 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TlaValue.parse("1 2")).hasMessageContaining("trailing text");
    }
}
