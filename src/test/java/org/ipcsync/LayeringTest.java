package org.ipcsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lower layers never use higher ones: every package of {@code src/main/java/org/ipcsync} has a
 * place in {@link #LAYERS}, and its code (comments aside) names only packages below it. A total
 * order, so the package graph has no cycle (the bench and cli packages included: a benchmark's
 * measurement is in bench, its command line in cli, never the other way round).
 */
class LayeringTest {
    /** Bottom first. The design catalog sits above pipe, scenario, spec and trace, which it assembles. */
    static final List<String> LAYERS = List.of("os", "runtime", "wire", "worker", "ipa", "simipa", "device", "pipe",
            "scenario", "spec", "report", "trace", "catalog", "libcamera", "bench", "verify", "cli");
    private static final Path ROOT = Path.of("src", "main", "java", "org", "ipcsync");
    private static final Pattern USE = Pattern.compile("\\borg\\.ipcsync\\.([a-z]+)\\.");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyPackageHasALayer() throws IOException {
        TreeSet<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        assertThat(LAYERS).containsAll(packages);
    }

    @Test
    void noPackageUsesALayerAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        for (String pkg : LAYERS) {
            Path dir = ROOT.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String code = COMMENTS.matcher(Files.readString(f)).replaceAll("");
                    Matcher m = USE.matcher(code);
                    while (m.find()) {
                        String used = m.group(1);
                        if (LAYERS.indexOf(used) > LAYERS.indexOf(pkg)) {
                            upward.add(ROOT.relativize(f) + " uses " + used);
                        }
                    }
                }
            }
        }
        assertThat(upward).as("uses of a higher layer").isEmpty();
    }

    @Test
    void theCheckSeesAnUpwardUse() {
        String code = COMMENTS.matcher("import org.ipcsync.cli.Kit; /** {@link org.ipcsync.verify.X} */").replaceAll("");
        Matcher m = USE.matcher(code);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("cli");
        assertThat(m.find()).as("comments do not count").isFalse();
    }
}
