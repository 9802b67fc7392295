package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.junit.jupiter.api.Test;

/** Single scenarios on real pipes and workers: the §4 stories as the properties see them. */
class EngineTest {
    static Recording run(String design, String scenario, double scale) {
        Recording r = ScenarioRunner.run(Scenario.parse(scenario), RunConfig.of(design, 1, scale));
        System.out.println(Timeline.format(r));
        System.out.println(Timeline.verdicts(Properties.judgeAll(r)));
        return r;
    }

    @Test
    void scaled() {
        for (String d : new String[] {"nested", "threaded"}) {
            for (String sc : new String[] {"cameras=2 ipa1=stop=latency:300 run=300 stop-all",
                "cameras=2 ipa1=stop=latency:3000 run=300 stop-all", "cameras=3 ipa0=init=events-before:2 ipa1=start=latency:600 run=300"}) {
                long t = System.nanoTime();
                run(d, sc, 0.2);
                System.out.println("TOOK " + (System.nanoTime() - t) / 1_000_000 + " ms");
            }
        }
    }
}
