package org.ipcsync.verify;

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
import java.util.concurrent.TimeUnit;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.v4l2.V4l2Suite;
import org.ipcsync.scenario.v4l2.V4l2SuiteResults;
import org.ipcsync.simipa.SimIpa;

/**
 * Where {@link V4l2Suite} runs, for every implemented design of the catalog: {@link #runInLab}
 * boots the vivid lab (QEMU) and runs {@link #main} in the guest on vivid devices;
 * {@link #runOnDevices} runs on this machine's own nodes; {@code main} itself:
 * {@code V4l2Lab --out DIR [--scale F] [--seed S] [--tries N] NODE...}. One suite per JVM at a time.
 */
public final class V4l2Lab {
    private V4l2Lab() {}

    /** Runs the suite on this machine's own nodes (no VM), e.g. {@code List.of("/dev/video0", "/dev/video2")}. */
    public static V4l2SuiteResults runOnDevices(List<String> nodes, Path outDir) throws IOException {
        return V4l2Suite.run(V4l2Suite.Options.defaults(DesignCatalog.pipes(), nodes, outDir.toAbsolutePath()), "host");
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
                V4l2Lab.class.getName(), "--out", out.toString()));
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
        double scale = V4l2Suite.SCALE;
        long seed = V4l2Suite.SEED;
        int tries = V4l2Suite.CAMPAIGN_TRIES;
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
            System.err.println("usage: V4l2Lab --out DIR [--scale F] [--seed S] [--tries N] NODE...");
            System.exit(2);
        }
        String where = System.getenv("VIVID_LAB_OUT") != null ? "vivid-lab" : "host";
        V4l2SuiteResults r = V4l2Suite.run(new V4l2Suite.Options(DesignCatalog.pipes(), nodes, out.toAbsolutePath(), scale,
                seed, tries), where);
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(r.summary()));
        System.exit(0);
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
        InputStream in = V4l2Lab.class.getClassLoader().getResourceAsStream(name);
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
