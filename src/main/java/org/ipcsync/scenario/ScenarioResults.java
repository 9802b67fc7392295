package org.ipcsync.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine-readable verdict file, {@code target/scenario-results.json}, that the reports
 * consume. Layout (keys are stable):
 *
 * <pre>
 * { "schema": "ipcsync-scenario-results/1",
 *   "campaigns": [ { "design", "seed", "scale", "tries", "runs", "elapsedMs", "scenariosPerSecond",
 *                    "properties": [ { "property", "verdict": "holds"|"violated"|"vacuous", "tries",
 *                                      "failures", "situations",
 *                                      "scopes": [ { "scope", "verdict", "situations", "failures" } ],
 *                                      "firstFailure", "shrunk", "replay", "witnesses": [..],
 *                                      "shrinkRuns", "shrinkTruncated" } ] } ] }
 * </pre>
 *
 * One campaign entry per design: recording a design again replaces its entry. Threads: any;
 * writers in one JVM are serialised on the class.
 */
public final class ScenarioResults {
    /** /2: situations, scopes and the "vacuous" verdict. */
    public static final String SCHEMA = "ipcsync-scenario-results/2";
    public static final Path DEFAULT = Path.of("target", "scenario-results.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ScenarioResults() {}

    /** Adds (or replaces) {@code result}'s design entry in {@code file}. */
    public static synchronized void record(Path file, CampaignResult result) throws IOException {
        ObjectNode root;
        if (Files.exists(file)) {
            JsonNode existing = JSON.readTree(file.toFile());
            root = existing instanceof ObjectNode o && SCHEMA.equals(o.path("schema").asText())
                    ? o : JSON.createObjectNode();
        } else {
            root = JSON.createObjectNode();
        }
        root.put("schema", SCHEMA);
        ArrayNode campaigns = root.withArray("campaigns");
        for (int i = campaigns.size() - 1; i >= 0; i--) {
            if (result.design().equals(campaigns.get(i).path("design").asText())) {
                campaigns.remove(i);
            }
        }
        campaigns.add(JSON.valueToTree(result));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writeValue(file.toFile(), root);
    }

    /** Reads one design's entry back, or null. */
    public static CampaignResult read(Path file, String design) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        for (JsonNode c : root.path("campaigns")) {
            if (design.equals(c.path("design").asText())) {
                return JSON.treeToValue(c, CampaignResult.class);
            }
        }
        return null;
    }
}
