package org.ipcsync.libcamera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipcsync.report.Verdicts;
import org.ipcsync.simipa.CPrograms;
import org.ipcsync.simipa.SimIpa;

/**
 * Issue 13's Part 2: Debian's real {@code cam} on vimc in the QEMU lab, with the vimc IPA forced
 * into isolation and the kit on the worker side: {@code LIBCAMERA_IPA_PROXY_PATH} points at the
 * kit's C stand-in ({@code sim-ipa/c/vimc_ipa_proxy.c}), which becomes Debian's real worker and
 * can hold it stopped or kill it once libcamera's {@code init} is in the socket. Three runs of
 * {@code cam -c 1 --capture=10} in one boot ({@code hardware-mocks/vivid-lab/cam-runs.sh}):
 * {@code normal}, {@code slow-init} (worker stopped {@link #SLOW_MS} at init) and
 * {@code kill-init} (worker killed {@link #KILL_MS} after init was sent). What libcamera logged
 * and how cam ended are the evidence for the properties real libcamera can witness.
 * Threads: everything on the calling thread.
 */
public final class CamLab {
    public static final int FRAMES = 10;
    /** Longer than libcamera 0.0.3's 2000 ms sync-call timeout. */
    public static final long SLOW_MS = 3000;
    public static final long KILL_MS = 500;
    public static final List<String> RUNS = List.of("normal", "slow-init", "kill-init");
    static final String FRAME_MARK = "cam0-stream0 seq:";

    /** One cam run: its exit status (128+N for signal N), wall time, output and the stand-in's log. */
    public record CamRun(String name, int status, long millis, List<String> log, List<String> standinLog) {
        public CamRun {
            log = List.copyOf(log);
            standinLog = List.copyOf(standinLog);
        }

        public long frames() {
            return log.stream().filter(l -> l.contains(FRAME_MARK)).count();
        }

        /** The first line containing {@code text}, or null. */
        public String line(String text) {
            return log.stream().filter(l -> l.contains(text)).findFirst().orElse(null);
        }

        public String standinLine(String text) {
            return standinLog.stream().filter(l -> l.contains(text)).findFirst().orElse(null);
        }

        /** The signal that ended cam (status 128+N from the shell), or 0. */
        public int signal() {
            return status > 128 && status < 160 ? status - 128 : 0;
        }

        public String command() {
            String env = switch (name) {
                case "slow-init" -> " IPCSYNC_STANDIN_STOP_MS=" + SLOW_MS;
                case "kill-init" -> " IPCSYNC_STANDIN_KILL_MS=" + KILL_MS;
                default -> "";
            };
            return "LIBCAMERA_IPA_FORCE_ISOLATION=1 LIBCAMERA_IPA_PROXY_PATH=<kit>/target/c" + env + " cam -c 1 --capture="
                    + FRAMES;
        }

        /** libcamera's log timestamp of a line, in seconds since boot ({@code [0:00:16.502351335]}), or NaN. */
        static double libcameraTime(String line) {
            if (line == null || !line.startsWith("[")) {
                return Double.NaN;
            }
            String[] hms = line.substring(1, line.indexOf(']')).split(":");
            return Integer.parseInt(hms[0]) * 3600 + Integer.parseInt(hms[1]) * 60 + Double.parseDouble(hms[2]);
        }

        /** The stand-in's log timestamp ({@code [20.797581422]}, CLOCK_MONOTONIC as libcamera's), or NaN. */
        static double standinTime(String line) {
            return line == null ? Double.NaN : Double.parseDouble(line.substring(1, line.indexOf(']')));
        }
    }

    /** The runs, the lab's exit status, wall time and phase timings. */
    public record Result(Map<String, CamRun> runs, int labStatus, long labMillis, List<String> timings) {}

    private CamLab() {}

    /** Boots the vimc lab and runs the three cam runs in it; the lab's files go to {@code outDir}. */
    public static Result run(Path outDir, Duration timeout) throws IOException, InterruptedException {
        Path out = outDir.toAbsolutePath();
        Files.createDirectories(out);
        Path standin = CPrograms.build("vimc_ipa_proxy");
        Path repo = SimIpa.repository();
        Path runs = out.resolve("runs");
        List<String> command = List.of(repo.resolve("hardware-mocks/vivid-lab/vivid-lab").toString(), "--vimc",
                "--out", out.toString(), "--timeout", String.valueOf(timeout.toSeconds()), "--", "/usr/bin/env",
                "SLOW_MS=" + SLOW_MS, "KILL_MS=" + KILL_MS,
                repo.resolve("hardware-mocks/vivid-lab/cam-runs.sh").toString(), standin.getParent().toString(),
                runs.toString(), String.valueOf(FRAMES));
        long start = System.nanoTime();
        Process lab = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("lab.log").toFile()).start();
        if (!lab.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
            lab.descendants().forEach(ProcessHandle::destroyForcibly);
            lab.destroyForcibly().waitFor();
            throw new IllegalStateException("vimc lab did not finish within " + (timeout.toSeconds() + 60) + " s; see "
                    + out.resolve("lab.log"));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (lab.exitValue() != 0) {
            throw new IllegalStateException("vimc lab exited with " + lab.exitValue() + "; see " + out.resolve("lab.log")
                    + ":\n" + String.join("\n", tail(Files.readAllLines(out.resolve("lab.log")), 30)));
        }
        Path timings = out.resolve("timings.txt");
        return new Result(read(runs), lab.exitValue(), millis,
                Files.exists(timings) ? Files.readAllLines(timings) : List.of());
    }

    /** Reads what cam-runs.sh left in {@code runs}. */
    public static Map<String, CamRun> read(Path runs) throws IOException {
        Map<String, CamRun> out = new LinkedHashMap<>();
        for (String name : RUNS) {
            Path status = runs.resolve(name + ".status");
            if (!Files.exists(status)) {
                throw new IllegalStateException("cam run " + name + " left no status in " + runs);
            }
            Path standin = runs.resolve(name + ".standin.log");
            out.put(name, new CamRun(name, Integer.parseInt(Files.readString(status).trim()),
                    Long.parseLong(Files.readString(runs.resolve(name + ".ms")).trim()),
                    Files.readAllLines(runs.resolve(name + ".log")),
                    Files.exists(standin) ? Files.readAllLines(standin) : List.of()));
        }
        return out;
    }

    /** A property as real libcamera witnessed it. */
    public record Witness(String verdict, Map<String, Object> evidence) {}

    /**
     * What the runs witness. NoStaleReplyAsEvent: violated when init timed out and cam then died
     * in vimc's event handler decoding the late reply. PromptErrorOnExit: violated when the call
     * pending at the worker's death returned only at its timeout. BoundedReturn: holds when that
     * call returned by its 2 s deadline (one camera: the model's two-camera counterexample, a
     * nested frame holding up an answered call, cannot arise here).
     */
    public static Map<String, Witness> properties(Map<String, CamRun> runs) {
        Map<String, Witness> out = new LinkedHashMap<>();
        CamRun slow = runs.get("slow-init");
        String timeout = slow.line("Call timeout!");
        String fatal = slow.line("FATAL");
        String eventPath = slow.line("paramsBufferReadyIPC");
        String configureWait = slow.line("configureIPC");
        boolean stale = timeout != null && fatal != null && eventPath != null;
        out.put("NoStaleReplyAsEvent", new Witness(stale ? Verdicts.VIOLATED : Verdicts.NOT_JUDGED, evidence(slow,
                "nested-NoStaleReplyAsEvent-N2", lines(timeout, slow.line("Failed to call init"),
                        slow.line("configuring streams"), fatal, eventPath == null ? null : eventPath.strip(),
                        configureWait == null ? null : configureWait.strip()),
                stale ? "init timed out; the late init reply arrived while configure waited in sendSync, was"
                        + " dispatched to IPAProxyVimc::paramsBufferReadyIPC (vimc event 1) and its deserializer"
                        + " asserted: cam " + ending(slow)
                        : "the run did not show a timed-out init followed by the event path")));

        CamRun kill = runs.get("kill-init");
        String killed = kill.standinLine("SIGKILL");
        String started = kill.standinLine("first message in the socket");
        String ktimeout = kill.line("Call timeout!");
        double sent = CamRun.standinTime(started);
        double died = CamRun.standinTime(killed);
        double returned = CamRun.libcameraTime(ktimeout);
        Map<String, Object> timing = new LinkedHashMap<>();
        if (!Double.isNaN(sent) && !Double.isNaN(returned)) {
            timing.put("initSeenToTimeoutMs", Math.round((returned - sent) * 1000));
        }
        if (!Double.isNaN(died) && !Double.isNaN(returned)) {
            timing.put("killToTimeoutMs", Math.round((returned - died) * 1000));
        }
        boolean waited = ktimeout != null && killed != null && timing.containsKey("killToTimeoutMs")
                && (long) timing.get("killToTimeoutMs") > 500;
        Map<String, Object> prompt = evidence(kill, "nested-PromptErrorOnExit-N2", lines(killed, ktimeout,
                kill.line("Failed to call init"), kill.line("Connection refused"), kill.line("Transport endpoint is not connected"),
                kill.line("Failed to start capture")), waited
                ? "the worker died " + timing.get("killToTimeoutMs") + " ms before init returned: libcamera noticed"
                        + " nothing until its 2000 ms timer (its socket reports nothing on the peer's death); the next"
                        + " calls failed at once on send; cam " + ending(kill)
                : "the run did not show init waiting past the worker's death");
        prompt.putAll(timing);
        prompt.put("scenarioCheck", "nested PromptErrorOnExit, fixed ingredient ipa0=stop=kill@1");
        out.put("PromptErrorOnExit", new Witness(waited ? Verdicts.VIOLATED : Verdicts.NOT_JUDGED, prompt));

        boolean bounded = ktimeout != null && timing.containsKey("initSeenToTimeoutMs")
                && (long) timing.get("initSeenToTimeoutMs") <= 2000 + 1000;
        Map<String, Object> br = evidence(kill, "nested-BoundedReturn-N2", lines(started, ktimeout,
                timeout), bounded ? "one camera: the unanswered init returned ETIMEDOUT "
                + timing.get("initSeenToTimeoutMs") + " ms after the stand-in saw it in the socket (libcamera sent it a little earlier), by its 2000 ms"
                + " deadline (the slow-init run's init too). The model's BoundedReturn counterexample needs two cameras"
                + " (an answered call held up by a nested frame), which one cam cannot produce: not a contradiction."
                : "no bounded return observed");
        br.putAll(timing);
        out.put("BoundedReturn", new Witness(bounded ? Verdicts.HOLDS : Verdicts.NOT_JUDGED, br));
        return out;
    }

    /**
     * The {@code libcamera} object of summary.json: version, the witnessed properties, each cam
     * run, the lab's timings, and Part 1's outcome per design ({@code realIpa}, may be null).
     */
    public static Map<String, Object> summary(String version, Result result, Map<String, Object> realIpa) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", version);
        Map<String, Object> props = new LinkedHashMap<>();
        properties(result.runs()).forEach((p, w) -> props.put(p, Map.of("verdict", w.verdict(), "evidence",
                w.evidence())));
        out.put("properties", props);
        Map<String, Object> runs = new LinkedHashMap<>();
        result.runs().forEach((name, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("command", r.command());
            m.put("exitStatus", r.status());
            if (r.signal() != 0) {
                m.put("signal", r.signal());
            }
            m.put("frames", r.frames());
            m.put("millis", r.millis());
            runs.put(name, m);
        });
        out.put("cam", runs);
        Map<String, Object> lab = new LinkedHashMap<>();
        lab.put("wallSeconds", result.labMillis() / 1000.0);
        result.timings().forEach(t -> {
            int eq = t.indexOf('=');
            if (eq > 0) {
                lab.put(t.substring(0, eq), t.substring(eq + 1));
            }
        });
        out.put("lab", lab);
        if (realIpa != null) {
            out.put("realIpa", realIpa);
        }
        return out;
    }

    /** The installed libcamera0.0.3 package's version (e.g. 0.0.3-6), or null. */
    public static String installedVersion() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "libcamera0.0.3").redirectErrorStream(true)
                    .start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && !v.isEmpty() ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, Object> evidence(CamRun run, String check, List<String> excerpt, String what) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("command", run.command());
        e.put("run", run.name());
        e.put("exitStatus", run.status());
        if (run.signal() != 0) {
            e.put("signal", run.signal() == 6 ? "SIGABRT" : "signal " + run.signal());
        }
        e.put("log", excerpt);
        e.put("observed", what);
        if (check != null) {
            e.put("tlcCheck", check);
        }
        return e;
    }

    private static String ending(CamRun r) {
        return r.signal() == 6 ? "aborted (SIGABRT, exit status " + r.status() + ")"
                : r.signal() != 0 ? "died of signal " + r.signal() : "exited with status " + r.status();
    }

    private static List<String> lines(String... lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
