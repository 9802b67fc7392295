package org.ipcsync.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.TestDirs;
import org.junit.jupiter.api.Test;

/** How TLC's child JVMs start: niced, and from a class archive the first run leaves behind. */
class TlcChildJvmTest {
    private static final Path WORK = Path.of("target", "tlc-child-jvm-test", "tlc");
    private static final Path ARCHIVES = WORK.getParent().resolve("tlc-cds");

    @Test
    void theFirstRunDumpsAClassArchiveTheNextRunsMapWithTheSameVerdict() throws IOException {
        TestDirs.deleteRecursively(WORK.getParent());
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(WORK));
        Check check = SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2);

        TlcResult first = runner.run(check);
        assertThat(command(first)).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + ARCHIVES.toAbsolutePath()));
        List<Path> archives = archives();
        assertThat(archives).as("one archive, moved into place once TLC ended").hasSize(1)
                .allSatisfy(a -> assertThat(a.getFileName().toString()).endsWith(".jsa"));
        assertThat(Files.size(archives.get(0))).isPositive();

        TlcResult second = runner.run(check);
        assertThat(command(second)).contains("-XX:SharedArchiveFile=" + archives.get(0));
        assertThat(second.verdict()).isEqualTo(first.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(second.distinctStates()).isEqualTo(first.distinctStates());
        assertThat(second.trace().length()).isEqualTo(first.trace().length());
    }

    @Test
    void aBrokenArchiveIsIgnoredByTheJvmNotAFailure() throws IOException {
        TestDirs.deleteRecursively(WORK.getParent());
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(WORK));
        Check check = SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2);
        runner.run(check);
        Path archive = archives().get(0);
        Files.writeString(archive, "not an archive");

        TlcResult r = runner.run(check);
        assertThat(command(r)).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATED);
        assertThat(r.trace().length()).isPositive();
    }

    @Test
    void tlcRunsNicedUnlessToldOtherwise() throws IOException {
        TlcRunner runner = new TlcRunner(TlcRunner.Options.defaults().withWorkDir(WORK));
        Check check = SpecCatalogue.check(DesignCatalog.model("nested"), Property.NO_NESTED_DISPATCH, 2);
        assertThat(command(runner.run(check))).startsWith("/usr/bin/nice", "-n", "10");
        String saved = System.getProperty(TlcRunner.NICE_PROPERTY);
        System.setProperty(TlcRunner.NICE_PROPERTY, "0");
        try {
            assertThat(command(runner.run(check)).get(0)).endsWith("/bin/java");
        } finally {
            if (saved == null) {
                System.clearProperty(TlcRunner.NICE_PROPERTY);
            } else {
                System.setProperty(TlcRunner.NICE_PROPERTY, saved);
            }
        }
    }

    private static List<String> command(TlcResult r) throws IOException {
        return Files.readAllLines(r.runDir().resolve(TlcRunner.COMMAND_FILE));
    }

    private static List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(ARCHIVES)) {
            return files.map(Path::toAbsolutePath).toList();
        }
    }
}
