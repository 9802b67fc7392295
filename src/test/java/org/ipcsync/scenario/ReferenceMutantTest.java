package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import org.ipcsync.pipe.PipeOptions.Mutation;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each mechanism the reference design adds exists for one property: without it (a
 * {@link Mutation}), a scenario that meets that property's situation violates it; with it, the
 * same scenario holds it over that situation. The framing mutation needs back-pressure, which a
 * scenario cannot produce (see ReferenceFramingTest in the pipe tests).
 */
class ReferenceMutantTest {
    private static final double SCALE = 0.2;

    static Stream<Arguments> mutants() {
        return Stream.of(
                // An IPA event (cookie 0) arrives while init waits: with init on cookie 0 it is taken as the reply.
                Arguments.of(Mutation.COOKIE_ZERO, "cameras=1 ipa0=init=events-before:1", "NoCookieConfusion"),
                // stop's reply comes at 600 ms of a 400 ms deadline: once timed out it must not become an event.
                Arguments.of(Mutation.STALE_REPLIES_AS_EVENTS, "cameras=1 ipa0=stop=latency:3000",
                        "NoStaleReplyAsEvent"),
                // The worker SIGKILLs itself on stop, with the call pending.
                Arguments.of(Mutation.NO_FAIL_FAST, "cameras=1 ipa0=stop=kill@1", "PromptErrorOnExit"));
    }

    /** The reference design's pipe with {@code mutations} applied (the catalog's entry, one mechanism off). */
    private static PipeDesign mutated(Set<Mutation> mutations) {
        PipeDesign reference = DesignCatalog.pipe("reference");
        return new PipeDesign(reference.name(), reference.defaultTimeout(), reference.waits(),
                (worker, options) -> reference.create(worker, options.withMutations(mutations)));
    }

    private static Verdict judge(String scenario, Set<Mutation> mutations, String property) {
        RunConfig config = RunConfig.of(mutated(mutations), 1, SCALE);
        Recording r = ScenarioRunner.run(Scenario.parse(scenario), config);
        Map<String, Verdict> verdicts = Properties.judgeAll(r);
        System.out.println("reference " + mutations + ": " + config.replayLine(Scenario.parse(scenario)) + "\n"
                + Timeline.format(r) + Timeline.verdicts(verdicts));
        return verdicts.get(property);
    }

    @ParameterizedTest(name = "{0} is caught by {2}")
    @MethodSource("mutants")
    void theMutantViolatesThePropertyItsMechanismExistsFor(Mutation mutation, String scenario, String property) {
        Verdict v = judge(scenario, Set.of(mutation), property);
        assertThat(v.holds()).as("%s without its mechanism (%s): %s", property, mutation, v).isFalse();
    }

    @ParameterizedTest(name = "reference holds {2} where {0} breaks it")
    @MethodSource("mutants")
    void theReferenceHoldsItOnTheSameScenario(Mutation mutation, String scenario, String property) {
        Verdict v = judge(scenario, Set.of(), property);
        assertThat(v.holds()).as("%s on the reference: %s", property, v).isTrue();
        assertThat(v.situations()).as("%s met its situation", property).isPositive();
    }
}
