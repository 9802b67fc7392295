package org.ipcsync.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ipcsync.report.JUnitXml;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.spec.Check;

/**
 * What one shard of a sharded {@code ./kit verify} established, as {@code <reports>/shard.json}:
 * its TLC verdicts (every n-th CI check) and its part of each design's campaign. {@link #merge}
 * reads the n shard directories back as one run's model verdicts and campaigns, and copies their
 * counterexample timelines into the merged report. Immutable.
 *
 * @param shard     which part this is, {@code i/n}
 * @param seed      the campaigns' seed (all shards must share it)
 * @param model     the TLC verdicts this shard computed
 * @param campaigns this shard's campaign result per design
 * @param tlcCases  the JUnit cases of its TLC checks
 */
public record ShardResults(String shard, long seed, List<ModelVerdict> model, List<CampaignResult> campaigns,
                           List<JUnitXml.Case> tlcCases) {
    public static final String FILE = "shard.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ShardResults {
        model = List.copyOf(model);
        campaigns = List.copyOf(campaigns);
        tlcCases = List.copyOf(tlcCases);
    }

    public void write(Path reports) throws IOException {
        Files.createDirectories(reports);
        JSON.writeValue(reports.resolve(FILE).toFile(), this);
    }

    public static ShardResults read(Path reports) throws IOException {
        Path file = reports.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("no " + FILE + " in " + reports + " (was it written by ./kit verify --shard i/n?)");
        }
        return JSON.readValue(file.toFile(), ShardResults.class);
    }

    /** The shards' verdicts as one run's: every CI check once, each design's campaign merged. */
    public record Merged(List<ModelVerdict> model, Map<String, CampaignResult> campaigns, long seed) {}

    /**
     * Reads the shard directories, checks they are the n parts of one run (same seed, each shard
     * once, every check of {@code ciChecks} exactly once), and copies their {@code tlc/} timelines
     * into {@code into/tlc/}.
     */
    public static Merged merge(List<Path> dirs, List<Check> ciChecks, Path into) throws IOException {
        List<ShardResults> shards = new ArrayList<>();
        for (Path d : dirs) {
            shards.add(read(d));
        }
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("--merge needs the shard directories");
        }
        long seed = shards.get(0).seed();
        Set<String> seen = new TreeSet<>();
        int count = Campaign.Shard.parse(shards.get(0).shard()).count();
        for (ShardResults s : shards) {
            if (s.seed() != seed || Campaign.Shard.parse(s.shard()).count() != count || !seen.add(s.shard())) {
                throw new IllegalArgumentException("shard " + s.shard() + " seed " + s.seed() + " does not fit with "
                        + shards.get(0).shard() + " seed " + seed + " (the n shards of one run, each once)");
            }
        }
        if (seen.size() != count) {
            throw new IllegalArgumentException("shards " + seen + " given, " + count + " needed");
        }
        Map<String, ModelVerdict> byId = new LinkedHashMap<>();
        for (ShardResults s : shards) {
            for (ModelVerdict v : s.model()) {
                if (byId.put(v.check().id(), v) != null) {
                    throw new IllegalArgumentException(v.check().id() + " was checked by two shards");
                }
            }
        }
        List<ModelVerdict> model = new ArrayList<>();
        for (Check c : ciChecks) {
            ModelVerdict v = byId.remove(c.id());
            if (v == null) {
                throw new IllegalArgumentException("no shard checked " + c.id());
            }
            model.add(v);
        }
        if (!byId.isEmpty()) {
            throw new IllegalArgumentException("shards checked what this kit does not: " + byId.keySet());
        }
        Map<String, List<CampaignResult>> parts = new LinkedHashMap<>();
        shards.forEach(s -> s.campaigns().forEach(c -> parts.computeIfAbsent(c.design(), k -> new ArrayList<>()).add(c)));
        Map<String, CampaignResult> campaigns = new LinkedHashMap<>();
        parts.forEach((design, list) -> campaigns.put(design, CampaignResult.merge(list)));
        Path tlc = Files.createDirectories(into.resolve("tlc"));
        for (Path d : dirs) {
            Path from = d.resolve("tlc");
            if (Files.isDirectory(from) && !from.toAbsolutePath().normalize().equals(tlc.toAbsolutePath().normalize())) {
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, tlc.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return new Merged(model, campaigns, seed);
    }
}
