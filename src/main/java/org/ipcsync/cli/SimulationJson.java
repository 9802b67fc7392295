package org.ipcsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.property.Verdict;

/**
 * What {@code ./kit simulate --json} prints: one object with the schema tag, the replay line, the
 * property verdicts (each {@code holds} or {@code violated} with its witnesses) and the recording
 * as {@link Recording#fromJson} reads it back. Stateless.
 */
final class SimulationJson {
    static final String SCHEMA = "ipcsync-simulate/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulationJson() {}

    static String render(Recording recording, Map<String, Verdict> verdicts, String replay) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("replay", replay);
        ObjectNode v = root.putObject("verdicts");
        verdicts.forEach((property, verdict) -> {
            ObjectNode p = v.putObject(property);
            p.put("verdict", verdict.holds() ? "holds" : "violated");
            verdict.witnesses().forEach(p.putArray("witnesses")::add);
        });
        try {
            root.set("recording", JSON.readTree(recording.toJson()));
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recording not serialisable", e);
        }
    }
}
