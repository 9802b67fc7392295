package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;

/**
 * TLC JVMs started and ending at the same moment, as when `mvn verify` and `./kit spec` share a
 * machine or a clone: every run must reach its expected verdict. Before each child had a
 * temporary directory of its own, TLC's standard-module copies in the shared /tmp were deleted or
 * rewritten under a parser now and then ("File does not exist: /tmp/Integers.tla").
 */
class TlcSideBySideTest {
    private static final ExpectedVerdicts EXPECTED = ExpectedVerdicts.load();

    @Test
    void concurrentRunsIncludingTwoOfTheSameCheckAllReachTheirVerdicts() throws Exception {
        Path work = Path.of("target", "tlc-side-by-side");
        if (Files.exists(work)) {
            try (Stream<Path> old = Files.walk(work)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(work));
        Check same = SpecCatalogue.check(DesignCatalog.model("threaded-no-notify"), Property.NO_LOST_WAKEUP, 2);
        List<Check> checks = List.of(same, same,
                SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2),
                SpecCatalogue.check(DesignCatalog.model("nested"), Property.CANARY_NO_TIMEOUT, 2),
                SpecCatalogue.check(DesignCatalog.model("threaded"), Property.NO_COOKIE_CONFUSION, 2),
                SpecCatalogue.check(DesignCatalog.model("nested-cross-thread"), Property.NO_NESTED_DISPATCH, 2));
        ExecutorService pool = Executors.newFixedThreadPool(checks.size());
        try {
            List<Future<TlcResult>> runs = new ArrayList<>();
            for (Check c : checks) {
                runs.add(pool.submit(() -> runner.run(c)));
            }
            List<Path> runDirs = new ArrayList<>();
            for (Future<TlcResult> f : runs) {
                TlcResult r = f.get();
                assertThat(EXPECTED.disagreement(r)).as(r.check().id()).isEmpty();
                runDirs.add(r.runDir());
                // TLC's module copies went to the run's own temporary directory, never the shared one.
                String tmp = r.runDir().resolve("tmp").toString();
                assertThat(Files.readString(r.runDir().resolve("tlc.out")).lines()
                        .filter(l -> l.startsWith("Parsing file") && l.endsWith("/Integers.tla")))
                        .isNotEmpty().allSatisfy(l -> assertThat(l).isEqualTo("Parsing file " + tmp + "/Integers.tla"));
            }
            assertThat(runDirs).doesNotHaveDuplicates();
            try (Stream<Path> children = Files.list(work)) {
                assertThat(children.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.startsWith(same.id() + "."));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
