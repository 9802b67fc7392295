package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;

/** TLC's distributed mode on this machine: a server and two worker JVMs against one TLC JVM. */
class TlcClusterTest {
    private static final TlcRunner.Options BASE = TlcRunner.Options.defaults()
            .withWorkDir(Path.of("target", "tlc-cluster-test"));

    @Test
    void aServerWithTwoWorkersReachesTheSameVerdictAndStateCountAsOneJvm() {
        Check holds = SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_NESTED_DISPATCH, 2);
        TlcResult single = new TlcRunner(BASE).run(holds);
        TlcResult cluster = new TlcRunner(BASE.withWorkDir(Path.of("target", "tlc-cluster-test", "cluster"))
                .withCluster(TlcCluster.local(2))).run(holds);
        assertThat(single.verdict()).isEqualTo(Verdict.HOLDS);
        assertThat(cluster.verdict()).isEqualTo(single.verdict());
        assertThat(cluster.distinctStates()).isEqualTo(single.distinctStates()).isGreaterThan(1);
        assertThat(cluster.runDir().resolve("worker-0.out")).content().contains("work completed");
        assertThat(cluster.runDir().resolve("worker-1.out")).content().contains("work completed");
    }

    @Test
    void aViolationFoundByTheWorkersComesBackWithItsTrace() {
        Check violated = SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2);
        TlcResult r = new TlcRunner(BASE.withCluster(TlcCluster.local(2))).run(violated);
        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.trace().length()).isPositive();
    }

    @Test
    void aTemporalPropertyIsRefusedBecauseTheServerWouldSkipIt() {
        Check liveness = SpecCatalogue.check(DesignCatalog.model("threaded"), Property.EVENTUALLY_RETURNS, 2);
        assertThatThrownBy(() -> new TlcRunner(BASE.withCluster(TlcCluster.local(1))).run(liveness))
                .isInstanceOf(TlcException.class).hasMessageContaining("invariants only");
    }
}
