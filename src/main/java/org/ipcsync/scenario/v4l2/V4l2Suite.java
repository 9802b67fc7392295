package org.ipcsync.scenario.v4l2;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.scenario.CampaignResult;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioGen;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DesignResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.DeviceResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.FaultResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.PropertyVerdict;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.RunResult;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults.SyncCalls;
import org.ipcsync.simipa.SimIpa;

/**
 * The property scenarios on real V4L2 capture nodes (2 to {@value ScenarioGen#MAX_CAMERAS}), camera K
 * on node K. For each design: a fixed set — concurrent stop-all with one slow IPA, stop-all with
 * one IPA hanging in stop, one camera's slow stop while the others stream, and one scenario per
 * device fault kind (drop, error, disconnect, fatal, each on camera 0) — then a small campaign of
 * generated scenarios (fixed seed, no shrinking). Every frame is checksummed by the IPA through
 * its dmabuf and by the pipeline through the V4L2 mapping. Results go to
 * {@code OUT/v4l2-suite.json} ({@link V4l2SuiteResults}) and each run's recording to
 * {@code OUT/recordings/}.
 *
 * <p>Three ways in: {@link #runInLab} boots the vivid lab and runs {@link #main} in the guest on
 * vivid devices; {@link #runOnDevices} runs on this machine's own nodes (a maintainer's cameras;
 * faults are then refused by drivers without vivid's controls, and reported so);
 * {@code main} itself: {@code V4l2Suite --out DIR [--scale F] [--seed S] [--tries N] NODE...}.
 *
 * <p>Threads: one suite per JVM at a time; scenarios run one after another.
 */
public final class V4l2Suite {
    /**
     * One unscaled millisecond is one real millisecond: libcamera's own timeouts (2 s nested, 1 s
     * threaded), a 200 ms frame period (5 fps, vivid's webcam default) and the property bounds as
     * stated. Under QEMU's TCG everything runs several times slower than on the host, where the
     * mock campaigns use 0.2.
     */
    public static final double SCALE = 1.0;
    public static final long SEED = 20251126L;
    public static final int CAMPAIGN_TRIES = 4;

    private V4l2Suite() {}

    /** The fixed scenarios for {@code cameras} cameras, by name, in run order. */
    public static Map<String, Scenario> fixedScenarios(int cameras) {
        int last = cameras - 1;
        String n = "cameras=" + cameras;
        Map<String, Scenario> out = new LinkedHashMap<>();
        out.put("stop-all", Scenario.parse(n + " ipa" + last + "=stop=latency:300 run=1000 stop-all"));
        out.put("hang", Scenario.parse(n + " ipa" + last + "=stop=hang@1 run=600 stop-all"));
        // Slow enough that the threaded caller's 1000 ms deadline expires in stop and again in
        // unmapBuffers (the IPA is still busy): the other cameras stall past CameraIsolation's
        // 1000 ms bound there, while the nested loop keeps serving them.
        out.put("slow-stop", Scenario.parse(n + " ipa" + last + "=stop=latency:3000 run=600 stop=" + last
                + " run=1000"));
        out.put("fault-drop", Scenario.parse(n + " run=400 fault=0:drop:50 run=1600 stop-all"));
        out.put("fault-error", Scenario.parse(n + " run=400 fault=0:error run=1000 stop-all"));
        out.put("fault-disconnect", Scenario.parse(n + " run=400 fault=0:disconnect run=600 stop-all"));
        out.put("fault-fatal", Scenario.parse(n + " run=400 fault=0:fatal run=600 stop-all"));
        return out;
    }

    /** What to run. */
    public record Options(List<String> nodes, Path out, double scale, long seed, int campaignTries) {
        public Options {
            if (nodes.size() < 2 || nodes.size() > ScenarioGen.MAX_CAMERAS) {
                throw new IllegalArgumentException("the suite needs 2.." + ScenarioGen.MAX_CAMERAS + " device nodes, got "
                        + nodes);
            }
            nodes = List.copyOf(nodes);
        }

        public static Options defaults(List<String> nodes, Path out) {
            return new Options(nodes, out, SCALE, SEED, CAMPAIGN_TRIES);
        }
    }

    /** Runs the suite on this machine's own nodes (no VM), e.g. {@code List.of("/dev/video0", "/dev/video2")}. */
    public static V4l2SuiteResults runOnDevices(List<String> nodes, Path outDir) throws IOException {
        return run(Options.defaults(nodes, outDir.toAbsolutePath()), "host");
    }

    /**
     * The lab's guest gets two vCPUs: a scenario starts one worker JVM per camera at once, and
     * under TCG two workers boot in about a third of the time on two vCPUs than on one.
     */
    public static final int LAB_CPUS = 2;

    /** How long the guest waits for IPA workers to boot (see {@link ScenarioRunner#WORKER_BOOT_PROPERTY}). */
    public static final Duration LAB_WORKER_BOOT = Duration.ofSeconds(60);

    /**
     * Boots the vivid lab with {@code devices} vivid capture nodes and runs the suite in the guest
     * on all of them with this build's classes; {@code outDir} gets the results, the recordings,
     * the lab's console log and timings, and {@code lab.log} (the lab's own output). Throws if the
     * lab fails or the guest wrote no results; verdicts, whatever they are, are results.
     *
     * @param timeout the lab's limit for the whole guest run (boot included)
     */
    public static V4l2SuiteResults runInLab(Path outDir, int devices, Duration timeout)
            throws IOException, InterruptedException {
        Path out = outDir.toAbsolutePath();
        Files.createDirectories(out);
        Files.deleteIfExists(out.resolve(V4l2SuiteResults.FILE));
        Path repo = SimIpa.repository();
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            nodes.add("/dev/video" + i);
        }
        List<String> command = new ArrayList<>(List.of(
                repo.resolve("hardware-mocks/vivid-lab/vivid-lab").toString(),
                "--devices", String.valueOf(devices), "--cpus", String.valueOf(LAB_CPUS), "--out", out.toString(),
                "--timeout", String.valueOf(timeout.toSeconds()), "--",
                "/usr/bin/env", "JAVA_TOOL_OPTIONS=" + guestJvmOptions(out),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The suite's own JVM runs for minutes: it overrides the workers' -Xint.
                "-Xmixed", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", kitClasspath(repo),
                V4l2Suite.class.getName(), "--out", out.toString()));
        command.addAll(nodes);

        long start = System.nanoTime();
        Process lab = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("lab.log").toFile()).start();
        if (!lab.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
            lab.descendants().forEach(ProcessHandle::destroyForcibly);
            lab.destroyForcibly().waitFor();
            throw new IllegalStateException("vivid lab did not finish within " + (timeout.toSeconds() + 60)
                    + " s; see " + out.resolve("lab.log"));
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        Path results = out.resolve(V4l2SuiteResults.FILE);
        if (lab.exitValue() != 0 || !Files.exists(results)) {
            throw new IllegalStateException("vivid lab exited with " + lab.exitValue() + (Files.exists(results) ? ""
                    : " and the guest wrote no " + V4l2SuiteResults.FILE) + "; last lines of " + out.resolve("lab.log")
                    + ":\n" + tail(out.resolve("lab.log"), 30));
        }
        V4l2SuiteResults r = V4l2SuiteResults.read(results)
                .withLab(new V4l2SuiteResults.Lab(lab.exitValue(), wallMs, timings(out.resolve("timings.txt"))));
        r.write(out);
        return r;
    }

    public static void main(String[] args) throws IOException {
        Path out = null;
        double scale = SCALE;
        long seed = SEED;
        int tries = CAMPAIGN_TRIES;
        List<String> nodes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--tries" -> tries = Integer.parseInt(args[++i]);
                default -> nodes.add(args[i]);
            }
        }
        if (out == null || nodes.isEmpty()) {
            System.err.println("usage: V4l2Suite --out DIR [--scale F] [--seed S] [--tries N] NODE...");
            System.exit(2);
        }
        String where = System.getenv("VIVID_LAB_OUT") != null ? "vivid-lab" : "host";
        V4l2SuiteResults r = run(new Options(nodes, out.toAbsolutePath(), scale, seed, tries), where);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(r.summary()));
        System.exit(0);
    }

    /** Runs everything in {@code o} and writes the results; {@code where} says where the nodes are. */
    public static V4l2SuiteResults run(Options o, String where) throws IOException {
        return new SuiteRun(o).execute(where);
    }

    /** One suite run: the devices, and what every scenario run added up to. */
    private static final class SuiteRun {
        private final Options o;
        private final V4l2Devices devices;
        private final Path recordings;
        private final List<RunResult> runs = new ArrayList<>();
        private final List<FaultResult> faults = new ArrayList<>();
        /** design -> property -> scenario texts that violated it. */
        private final Map<String, Map<String, List<String>>> violations = new LinkedHashMap<>();
        /** node index -> {matched, mismatched, unverified}. */
        private final long[][] checksums;

        SuiteRun(Options o) throws IOException {
            this.o = o;
            this.devices = new V4l2Devices(o.nodes());
            this.recordings = Files.createDirectories(o.out().resolve("recordings"));
            try (var old = Files.list(recordings)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            this.checksums = new long[o.nodes().size()][3];
        }

        V4l2SuiteResults execute(String where) throws IOException {
            long start = System.nanoTime();
            long warmUpMs = warmUp();
            List<DesignResult> designs = new ArrayList<>();
            for (String design : PipeDesigns.names()) {
                violations.put(design, new LinkedHashMap<>());
                for (Map.Entry<String, Scenario> e : fixedScenarios(o.nodes().size()).entrySet()) {
                    runOnce(design, e.getKey(), e.getValue());
                }
                CampaignResult campaign = Campaign.run(design,
                        new Campaign.Budget(o.campaignTries(), o.scale(), 0, Duration.ZERO, Set.of()), o.seed(),
                        ScenarioGen.scenarios(o.nodes().size()), List.of(), s -> runOnce(design, "campaign", s));
                designs.add(designResult(design, campaign));
            }
            V4l2SuiteResults r = new V4l2SuiteResults(V4l2SuiteResults.SCHEMA, where, o.nodes(), o.scale(), o.seed(),
                    o.campaignTries(), (System.nanoTime() - start) / 1_000_000, warmUpMs, deviceResults(),
                    designs, faults, runs, null);
            r.write(o.out());
            return r;
        }

        /**
         * One unrecorded single-camera run per design first: it loads the engine's and the pipes'
         * classes, which in a fresh JVM under TCG takes longer than the threaded pipe gives its
         * receiver thread to come up, and longer than the watchdog gives the first camera's open.
         * Returns its wall time.
         */
        private long warmUp() {
            long t0 = System.nanoTime();
            V4l2Devices first = new V4l2Devices(o.nodes().subList(0, 1));
            for (String design : PipeDesigns.names()) {
                Recording r = ScenarioRunner.run(Scenario.parse("cameras=1 run=200"), first.config(design, o.seed(),
                        o.scale()));
                System.out.printf("v4l2-suite: %-8s %-16s (not recorded) %d sync calls%n", design, "warm-up",
                        r.syncCalls().size());
            }
            return (System.nanoTime() - t0) / 1_000_000;
        }

        /** Runs one scenario on the nodes, records it, and returns every verdict on it. */
        private Map<String, Verdict> runOnce(String design, String name, Scenario scenario) {
            RunConfig config = devices.config(design, o.seed(), o.scale());
            List<DeviceTally.Snapshot> before = devices.snapshot();
            long t0 = System.nanoTime();
            Recording r = ScenarioRunner.run(scenario, config);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            List<DeviceTally.Snapshot> after = devices.snapshot();
            Map<String, Verdict> verdicts = Properties.judgeAll(r);

            int index = runs.size();
            try {
                Files.writeString(recordings.resolve(String.format("%02d-%s-%s.json", index, design, name)), r.toJson());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            List<String> violated = new ArrayList<>();
            verdicts.forEach((property, v) -> {
                if (!v.holds()) {
                    violated.add(property);
                    violations.get(design).computeIfAbsent(property, k -> new ArrayList<>()).add(scenario.format());
                }
            });
            List<Long> frames = new ArrayList<>();
            long mismatches = 0;
            for (int cam = 0; cam < scenario.cameras(); cam++) {
                final int c = cam;
                frames.add(r.frames().stream().filter(f -> f.camera() == c && !f.cancelled()).count());
            }
            for (Recording.Frame f : r.frames()) {
                if (f.checksum() == null) {
                    continue;
                }
                int k = !f.checksum().verified() ? 2 : f.checksum().matches() ? 0 : 1;
                checksums[f.camera()][k]++;
                mismatches += k == 1 ? 1 : 0;
            }
            List<String> engineErrors = r.notes().stream().filter(n -> n.kind().equals(Recording.Note.ENGINE_ERROR))
                    .map(n -> "camera " + n.camera() + ": " + n.text()).toList();
            RunResult run = new RunResult(design, name, scenario.format(), elapsedMs, r.hung(), syncCalls(r), frames,
                    mismatches, violated, engineErrors);
            runs.add(run);
            if (name.startsWith("fault-")) {
                faults.add(faultResult(design, name.substring("fault-".length()), scenario,
                        after.get(0).minus(before.get(0))));
            }
            System.out.printf("v4l2-suite: %-8s %-16s %5.1f s%s  frames %s  sync %s  mismatches %d  violated %s%s%n",
                    design, name, elapsedMs / 1000.0, r.hung() ? " HUNG" : "", frames, run.syncCalls(), mismatches,
                    violated, engineErrors.isEmpty() ? "" : "  engine errors " + engineErrors);
            return verdicts;
        }

        private static SyncCalls syncCalls(Recording r) {
            long ok = 0;
            long timeout = 0;
            long error = 0;
            long unreturned = 0;
            for (Recording.SyncCall c : r.syncCalls()) {
                if (c.status() == null) {
                    unreturned++;
                } else if (c.status() == 0) {
                    ok++;
                } else if (c.status() == -org.ipcsync.os.Libc.ETIMEDOUT) {
                    timeout++;
                } else {
                    error++;
                }
            }
            return new SyncCalls(ok, timeout, error, unreturned);
        }

        private FaultResult faultResult(String design, String kind, Scenario scenario, DeviceTally.Snapshot d) {
            String effect = switch (kind) {
                case "drop" -> d.gapsWhileDropping() + " sequence numbers skipped while dropping";
                case "error" -> d.errorFlagged() + " buffer(s) flagged V4L2_BUF_FLAG_ERROR";
                case "disconnect" -> "DQBUF ENODEV x" + d.dequeueErrors().getOrDefault("ENODEV", 0L);
                case "fatal" -> "DQBUF EIO x" + d.dequeueErrors().getOrDefault("EIO", 0L);
                default -> throw new IllegalArgumentException(kind);
            };
            if (!d.refused().isEmpty()) {
                effect += "; refused " + d.refused();
            }
            return new FaultResult(design, kind, d.node(), scenario.format(), d.injected(kind), d.observed(kind), effect);
        }

        private DesignResult designResult(String design, CampaignResult campaign) {
            List<RunResult> mine = runs.stream().filter(r -> r.design().equals(design)).toList();
            SyncCalls total = new SyncCalls(0, 0, 0, 0);
            for (RunResult r : mine) {
                total = total.plus(r.syncCalls());
            }
            List<PropertyVerdict> verdicts = new ArrayList<>();
            for (String property : Properties.names()) {
                List<String> by = violations.get(design).getOrDefault(property, List.of());
                verdicts.add(new PropertyVerdict(property, by.isEmpty() ? "holds" : "violated", mine.size(),
                        by.size(), by));
            }
            return new DesignResult(design, mine.size(), total, verdicts, campaign);
        }

        private List<DeviceResult> deviceResults() {
            List<DeviceResult> out = new ArrayList<>();
            List<DeviceTally.Snapshot> all = devices.snapshot();
            for (int i = 0; i < all.size(); i++) {
                DeviceTally.Snapshot d = all.get(i);
                out.add(new DeviceResult(d.node(), d.format(), d.interval(), d.frames(), checksums[i][0],
                        checksums[i][1], checksums[i][2], d.errorFlagged(), d.gapsWhileDropping(), d.dequeueErrors(),
                        d.injected(), d.refused()));
            }
            return out;
        }
    }

    /** The kit's runtime classpath, as sim-ipa's launcher builds it. */
    private static String kitClasspath(Path repo) throws IOException {
        return repo.resolve("target/classes") + File.pathSeparator
                + Files.readString(repo.resolve("target/classpath.txt")).trim();
    }

    /**
     * Options for every JVM in the guest (the suite's and each sim-ipa worker's), through
     * JAVA_TOOL_OPTIONS, which the workers inherit: JNA's and junixsocket's native libraries are
     * unpacked once, here on the host, into the share (each would otherwise unpack its own on every
     * start, seconds under TCG); workers run interpreted (under TCG a worker JVM boots in half the
     * time without the JIT compiling its start-up code, and a worker's work is native: socket
     * calls, mapping, CRC-32); workers get a minute to boot.
     */
    private static String guestJvmOptions(Path out) throws IOException {
        Path dir = Files.createDirectories(out.resolve("native"));
        Path jna = unpack("com/sun/jna/linux-x86-64/libjnidispatch.so", dir);
        java.util.Properties junixsocket = new java.util.Properties();
        try (InputStream in = resource(
                "META-INF/maven/com.kohlschutter.junixsocket/junixsocket-native-common/pom.properties")) {
            junixsocket.load(in);
        }
        Path socketLib = unpack("lib/amd64-Linux-clang/jni/libjunixsocket-native-"
                + junixsocket.getProperty("version") + ".so", dir);
        return String.join(" ", "-Djna.boot.library.path=" + jna.getParent(), "-Djna.nounpack=true",
                "-Djna.nosys=true", "-Dorg.newsclub.net.unix.library.override=" + socketLib, "-Xint",
                "-D" + ScenarioRunner.WORKER_BOOT_PROPERTY + "=" + LAB_WORKER_BOOT.toMillis());
    }

    /** Copies the classpath resource {@code name} into {@code dir}. */
    private static Path unpack(String name, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(name).getFileName());
        try (InputStream in = resource(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = V4l2Suite.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("no " + name + " on the classpath");
        }
        return in;
    }

    private static Map<String, String> timings(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        return out;
    }

    private static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(no log)";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
