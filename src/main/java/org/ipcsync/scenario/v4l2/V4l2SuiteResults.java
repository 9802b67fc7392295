package org.ipcsync.scenario.v4l2;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipcsync.scenario.CampaignResult;

/**
 * What {@link V4l2Suite} found on a set of V4L2 nodes, written as {@code v4l2-suite.json} in its
 * output folder (schema {@value #SCHEMA}) and read back with {@link #read}. {@link #summary()} is the
 * short form for reports. Immutable; any thread.
 *
 * @param where       {@code vivid-lab} (inside the QEMU guest) or {@code host} (the machine's own nodes)
 * @param scale       the time scale of every run
 * @param seed        the seed of every run and of the campaigns
 * @param elapsedMs   the suite's wall time (without the lab's boot; see {@link #lab})
 * @param warmUpMs    of which the unrecorded warm-up runs took this much
 * @param devices     per node, over every run
 * @param designs     per design: sync-call outcomes and property verdicts over its runs
 * @param faults      per design and fault kind: injected, and whether the driver showed its effect
 * @param runs        every scenario run, in order
 * @param lab         the lab's exit status, wall time and phase timings; null unless run in the vivid lab (org.ipcsync.verify.V4l2Lab)
 */
@JsonPropertyOrder({"schema", "where", "nodes", "scale", "seed", "campaignTries", "elapsedMs", "warmUpMs", "devices",
    "designs", "faults", "runs", "lab"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record V4l2SuiteResults(String schema, String where, List<String> nodes, double scale, long seed,
                               int campaignTries, long elapsedMs, long warmUpMs,
                               List<DeviceResult> devices, List<DesignResult> designs, List<FaultResult> faults,
                               List<RunResult> runs, Lab lab) {
    public static final String SCHEMA = "ipcsync-v4l2-suite/1";
    public static final String FILE = "v4l2-suite.json";

    public V4l2SuiteResults {
        nodes = List.copyOf(nodes);
        devices = List.copyOf(devices);
        designs = List.copyOf(designs);
        faults = List.copyOf(faults);
        runs = List.copyOf(runs);
    }

    /**
     * One node over every run.
     *
     * @param framesCaptured      buffers dequeued
     * @param checksumsMatched    frames whose IPA checksum (through the dmabuf) equals the pipeline's (through the V4L2 mapping)
     * @param checksumsMismatched frames where the two differ, or the IPA read fewer bytes than the frame holds
     * @param checksumsUnverified frames the pipeline could not read back
     */
    @JsonPropertyOrder({"node", "format", "interval", "framesCaptured", "checksumsMatched", "checksumsMismatched",
        "checksumsUnverified", "errorFlagged", "gapsWhileDropping", "dequeueErrors", "faultsInjected", "faultsRefused"})
    public record DeviceResult(String node, String format, String interval, long framesCaptured, long checksumsMatched,
                               long checksumsMismatched, long checksumsUnverified, long errorFlagged,
                               long gapsWhileDropping, Map<String, Long> dequeueErrors,
                               Map<String, Long> faultsInjected, Map<String, Long> faultsRefused) {}

    /** Sync calls by how they returned: status 0, -ETIMEDOUT, any other status, or never (the watchdog ended the run). */
    @JsonPropertyOrder({"ok", "timeout", "error", "unreturned"})
    public record SyncCalls(long ok, long timeout, long error, long unreturned) {
        public SyncCalls plus(SyncCalls o) {
            return new SyncCalls(ok + o.ok, timeout + o.timeout, error + o.error, unreturned + o.unreturned);
        }
    }

    /**
     * One design over its fixed scenarios and its campaign.
     *
     * @param campaign the campaign's own result (its generated scenarios only), as {@code ./kit simulate} campaigns report it
     */
    @JsonPropertyOrder({"design", "runs", "syncCalls", "properties", "campaign"})
    public record DesignResult(String design, int runs, SyncCalls syncCalls, List<PropertyVerdict> properties,
                               CampaignResult campaign) {
        public DesignResult {
            properties = List.copyOf(properties);
        }

        public PropertyVerdict property(String name) {
            return properties.stream().filter(p -> p.property().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no verdict for " + name));
        }
    }

    /**
     * One (design, property) cell over every run of the design.
     *
     * @param verdict    {@code holds} or {@code violated}
     * @param judged     runs judged
     * @param violatedBy the scenario text of each run that violated it, in run order
     */
    @JsonPropertyOrder({"property", "verdict", "judged", "violations", "violatedBy"})
    public record PropertyVerdict(String property, String verdict, int judged, int violations,
                                  List<String> violatedBy) {
        public PropertyVerdict {
            violatedBy = List.copyOf(violatedBy);
        }

        public boolean holds() {
            return verdict.equals("holds");
        }

        public boolean violated() {
            return verdict.equals("violated");
        }
    }

    /** A fault kind injected by a design's fixed fault scenario, and whether the node showed it. */
    @JsonPropertyOrder({"design", "kind", "node", "scenario", "injected", "observed", "effect"})
    public record FaultResult(String design, String kind, String node, String scenario, long injected,
                              boolean observed, String effect) {}

    /**
     * One scenario run.
     *
     * @param name      the fixed scenario's name, or {@code campaign}
     * @param frames    requests completed, per camera
     * @param checksumMismatches frames whose two checksums differ, over all cameras
     * @param violated  properties its recording violates
     * @param engineErrors the engine's own error notes (worker start-up, teardown after a hang)
     */
    @JsonPropertyOrder({"design", "name", "scenario", "elapsedMs", "hung", "syncCalls", "frames",
        "checksumMismatches", "violated", "engineErrors"})
    public record RunResult(String design, String name, String scenario, long elapsedMs, boolean hung,
                            SyncCalls syncCalls, List<Long> frames, long checksumMismatches, List<String> violated,
                            List<String> engineErrors) {
        public RunResult {
            frames = List.copyOf(frames);
            violated = List.copyOf(violated);
            engineErrors = List.copyOf(engineErrors);
        }
    }

    /** How the vivid lab went: the guest command's exit status, the host's wall time for the whole lab run, and {@code timings.txt}. */
    @JsonPropertyOrder({"exitStatus", "wallMs", "timings"})
    public record Lab(int exitStatus, long wallMs, Map<String, String> timings) {
        public Lab {
            timings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timings));
        }
    }

    public DesignResult design(String name) {
        return designs.stream().filter(d -> d.design().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no results for design " + name));
    }

    public V4l2SuiteResults withLab(Lab l) {
        return new V4l2SuiteResults(schema, where, nodes, scale, seed, campaignTries, elapsedMs, warmUpMs,
                devices, designs, faults, runs, l);
    }

    /** Fault kinds injected and observed in every design's fault scenario. */
    public List<String> faultsExercised() {
        List<String> out = new ArrayList<>();
        for (FaultResult f : faults) {
            boolean everywhere = faults.stream().filter(g -> g.kind().equals(f.kind()))
                    .allMatch(g -> g.injected() > 0 && g.observed());
            if (everywhere && !out.contains(f.kind())) {
                out.add(f.kind());
            }
        }
        return out;
    }

    /**
     * The short form for reports: per node frames and checksums, per design sync-call outcomes and
     * verdicts, the fault kinds exercised, wall times.
     */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("where", where);
        s.put("scale", scale);
        s.put("seed", seed);
        s.put("runs", runs.size());
        s.put("elapsedMs", elapsedMs);
        Map<String, Object> perDevice = new LinkedHashMap<>();
        for (DeviceResult d : devices) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", d.format() + " @ " + d.interval());
            m.put("framesCaptured", d.framesCaptured());
            m.put("checksumsMatched", d.checksumsMatched());
            m.put("checksumsMismatched", d.checksumsMismatched());
            perDevice.put(d.node(), m);
        }
        s.put("devices", perDevice);
        Map<String, Object> perDesign = new LinkedHashMap<>();
        for (DesignResult d : designs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runs", d.runs());
            m.put("syncCalls", d.syncCalls());
            Map<String, String> verdicts = new LinkedHashMap<>();
            d.properties().forEach(p -> verdicts.put(p.property(), p.verdict()));
            m.put("properties", verdicts);
            perDesign.put(d.design(), m);
        }
        s.put("designs", perDesign);
        s.put("faultsExercised", faultsExercised());
        if (lab != null) {
            s.put("labWallMs", lab.wallMs());
            s.put("labTimings", lab.timings());
        }
        return s;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results not serialisable", e);
        }
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(FILE), toJson());
    }

    public static V4l2SuiteResults read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), V4l2SuiteResults.class);
    }
}
