package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlcOutputTest {
    /** Shaped like TLC 2.18's -tool output for a liveness violation (trimmed to two variables). */
    private static final String LIVENESS = """
            @!@!@STARTMSG 2262:0 @!@!@
            TLC2 Version 2.18 of 20 March 2023
            @!@!@ENDMSG 2262 @!@!@
            Parsing file /x/NestedDispatch.tla
            @!@!@STARTMSG 2116:1 @!@!@
            Temporal properties were violated.

            @!@!@ENDMSG 2116 @!@!@
            @!@!@STARTMSG 2217:4 @!@!@
            1: <Initial predicate>
            /\\ done = (0 :> FALSE @@ 1 :> FALSE)
            /\\ stack = [cm |-> <<[pc |-> "dispatch", cam |-> -1]>>]

            @!@!@ENDMSG 2217 @!@!@
            @!@!@STARTMSG 2217:4 @!@!@
            2: <Dispatch line 100, col 5 to line 106, col 78 of module NestedDispatch>
            /\\ done = (0 :> FALSE @@ 1 :> FALSE)
            /\\ stack = [ cm |->
                  << [pc |-> "dispatch", cam |-> -1],
                     [pc |-> "check", cam |-> 0] >> ]

            @!@!@ENDMSG 2217 @!@!@
            @!@!@STARTMSG 2218:4 @!@!@
            3: Stuttering
            @!@!@ENDMSG 2218 @!@!@
            @!@!@STARTMSG 2199:0 @!@!@
            5,498 states generated, 1,234 distinct states found, 0 states left on queue.
            @!@!@ENDMSG 2199 @!@!@
            @!@!@STARTMSG 2194:0 @!@!@
            The depth of the complete state graph search is 28.
            @!@!@ENDMSG 2194 @!@!@
            """;

    @Test
    void readsCountsDepthAndTheTrace() {
        TlcOutput out = TlcOutput.parse(LIVENESS);
        assertThat(out.distinctStates()).isEqualTo(1234);
        assertThat(out.statesGenerated()).isEqualTo(5498);
        assertThat(out.depth()).isEqualTo(28);
        assertThat(out.errors()).containsExactly("Temporal properties were violated.");

        Trace trace = out.trace();
        assertThat(trace.length()).isEqualTo(2);
        assertThat(trace.stutters()).isTrue();
        assertThat(trace.loopsBackTo()).isZero();
        TraceState second = trace.states().get(1);
        assertThat(second.index()).isEqualTo(2);
        assertThat(second.action()).isEqualTo("Dispatch");
        assertThat(second.location()).isEqualTo("line 100, col 5 to line 106, col 78 of module NestedDispatch");
        assertThat(second.changed()).containsExactly("stack");
        assertThat(second.map("stack").get("cm")).asList().hasSize(2);
        assertThat(trace.states().get(0).action()).isEqualTo("Initial predicate");
        assertThat(trace.states().get(0).changed()).isEmpty();
    }

    @Test
    void readsALoopBackAndSimulationCounts() {
        String out = """
                @!@!@STARTMSG 2217:4 @!@!@
                1: <Initial predicate>
                y = <<>>

                @!@!@ENDMSG 2217 @!@!@
                @!@!@STARTMSG 2122:4 @!@!@
                1: Back to state: <Inc line 5, col 8 to line 5, col 47 of module T>
                @!@!@ENDMSG 2122 @!@!@
                @!@!@STARTMSG 2209:0 @!@!@
                Progress(-1) at 2026-11-26 07:07:27: 220 states generated, -1 distinct states found, -1 states left on queue.
                @!@!@ENDMSG 2209 @!@!@
                @!@!@STARTMSG 2210:0 @!@!@
                The number of states generated: 268
                Simulation using seed 42 and aril 0
                @!@!@ENDMSG 2210 @!@!@
                """;
        TlcOutput parsed = TlcOutput.parse(out);
        assertThat(parsed.statesGenerated()).isEqualTo(268);
        assertThat(parsed.distinctStates()).isEqualTo(-1);
        assertThat(parsed.trace().loopsBackTo()).isEqualTo(1);
        assertThat(parsed.trace().states().get(0).variables()).containsEntry("y", List.of()).hasSize(1);
    }

    @Test
    void noTraceWhenNothingIsViolated() {
        assertThat(TlcOutput.parse("@!@!@STARTMSG 2186:0 @!@!@\nFinished in 1s\n@!@!@ENDMSG 2186 @!@!@\n").trace())
                .isNull();
    }
}
