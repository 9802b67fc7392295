package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.testing.KitRun;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The documentation states what the code does: every option picocli accepts (walked from its
 * model, so a flag is covered the day it is added) is in {@code ./kit help} and in the README row
 * of its command; the model sizes the README names are the catalogue's; every property either
 * layer judges is defined in docs/semantics.md; nothing points outside the repository.
 */
class DocsTest {
    private static final Path README = Path.of("README.md");

    @Test
    void everyFlagIsInTheHelpAndInTheReadmeRowOfItsCommand() throws IOException {
        List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
        String help = KitRun.of("help").out();
        assertThat(readme).as("README says every command takes --help").anyMatch(l -> l.contains("`--help`"));
        for (CommandLine c : commands(Kit.tree())) {
            String name = c.getCommandSpec().qualifiedName();
            String row = readmeRow(readme, name);
            for (OptionSpec o : c.getCommandSpec().options()) {
                if (o.usageHelp()) {
                    continue;
                }
                assertThat(help).as("./kit help shows " + name + " " + o.longestName()).contains(o.longestName());
                assertThat(row).as("README row of " + name + " shows " + o.longestName())
                        .containsPattern(Pattern.quote(o.longestName()) + "\\b");
            }
        }
    }

    @Test
    void theModelSizesTheReadmeNamesAreTheOnesCiChecks() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(readme).contains("both designs at N = " + sizes(DesignCatalog.model("nested")))
                .contains("the cross-thread configuration at N = " + sizes(DesignCatalog.model("nested-cross-thread")) + ",");
        assertThat(DesignCatalog.model("threaded").ciCameras()).isEqualTo(DesignCatalog.model("nested").ciCameras());
    }

    @Test
    void everyJudgedPropertyIsDefinedInTheSemanticsPage() throws IOException {
        String semantics = Files.readString(Path.of("docs", "semantics.md"), StandardCharsets.UTF_8);
        for (String name : Properties.names()) {
            assertThat(semantics).as("docs/semantics.md §7 defines " + name).containsPattern("\\| " + name + "( |/)");
        }
        for (org.ipcsync.spec.Property p : org.ipcsync.spec.Property.values()) {
            if (!p.isCanary()) {
                assertThat(semantics).as("docs/semantics.md §7 defines " + p.tlaName()).contains("| " + p.tlaName() + " |");
            }
        }
    }

    @Test
    void noDocumentOrSourcePointsOutsideTheRepository() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            List<Path> offenders = files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(Path.of(".", "target")) && !f.startsWith(Path.of(".", ".git")))
                    .filter(f -> f.toString().matches(".*\\.(md|java|tla|sh)$"))
                    .filter(f -> readQuietly(f).contains(".." + "/shared/")).toList(); // split: this file must not match itself
            assertThat(offenders).isEmpty();
        }
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String sizes(org.ipcsync.spec.Model d) {
        List<String> n = d.ciCameras().stream().map(String::valueOf).toList();
        return n.size() == 1 ? n.get(0) : String.join(", ", n.subList(0, n.size() - 1)) + " and " + n.get(n.size() - 1);
    }

    /** Every command below the root, depth first: the ones a user types. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            all.add(sub);
            all.addAll(commands(sub));
        }
        return all;
    }

    /** The README table row documenting {@code ./kit NAME}: its first cell starts with that command. */
    private static String readmeRow(List<String> readme, String name) {
        return readme.stream().filter(l -> l.startsWith("| `" + name + " ") || l.startsWith("| `" + name + "`"))
                .findFirst().orElseThrow(() -> new AssertionError("README's commands table has no row for " + name));
    }
}
