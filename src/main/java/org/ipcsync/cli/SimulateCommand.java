package org.ipcsync.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.ipa.CommandScript;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.ipa.Latency;
import org.ipcsync.scenario.Action;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.Timeline;
import org.ipcsync.scenario.property.Properties;
import org.ipcsync.scenario.property.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit simulate}: runs one scenario from flags and prints its per-camera timeline of sync
 * calls and the property verdicts, or with --json both as one JSON object ({@link SimulationJson}). Maintainers use it to reproduce a
 * report; campaigns print a --scenario line that replays a shrunk counterexample. Violations are
 * findings, not failures: the exit status is 0 once the scenario ran.
 */
@Command(name = "simulate", sortOptions = false, sortSynopsis = false,
        description = "run one scenario on a pipe design and print its timeline and verdicts",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:the scenario ran (violated properties are findings, not failures)", ExitCodes.USAGE_LINE,
            ExitCodes.ERROR_LINE})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--design", paramLabel = "D", required = true, converter = PipeDesignConverter.class,
            completionCandidates = PipeDesignConverter.class, description = "the pipe design: ${COMPLETION-CANDIDATES}")
    private String design;

    @Option(names = "--cameras", paramLabel = "N", description = "cameras sharing the manager thread, 1 to "
            + Scenario.MAX_CAMERAS + " (default 2)")
    private Integer cameras;

    @Option(names = "--latency", paramLabel = "CMD=MS[@CAM]",
            description = "the IPA answers CMD after MS ms, on camera CAM or on every camera; repeatable")
    private List<String> latencies = new ArrayList<>();

    @Option(names = "--hang", paramLabel = "CMD[@CAM]",
            description = "the IPA never answers the first CMD, on camera CAM or on every camera; repeatable")
    private List<String> hangs = new ArrayList<>();

    @Option(names = "--kill", paramLabel = "CMD[@CAM]",
            description = "the IPA worker SIGKILLs itself on the first CMD, before answering, on camera CAM or on every"
                    + " camera; repeatable")
    private List<String> kills = new ArrayList<>();

    @Option(names = "--hold", paramLabel = "CMD@N:MS",
            description = "hold the caller of each camera's N-th CMD where its wait ended without the reply, before the"
                    + " cleanup, for up to MS ms or until the reply is matched; repeatable")
    private List<String> holds = new ArrayList<>();

    @Option(names = "--stop-all", description = "after the run, stop every camera at once (one stop per camera, in one"
            + " camera-manager turn)")
    private boolean stopAll;

    @Option(names = "--run", paramLabel = "MS", description = "how long the cameras stream before the stop (default 600)")
    private Long runMs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "seed of the scenario's random timing (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--scale", paramLabel = "F", defaultValue = "1.0",
            description = "multiply every latency and deadline by F, in (0, 10] (default ${DEFAULT-VALUE})")
    private double scale;

    @Option(names = "--json", description = "print the property verdicts and the recording as one JSON object (schema " + SimulationJson.SCHEMA + ") instead of the timeline")
    private boolean json;

    @Option(names = "--scenario", paramLabel = "TEXT",
            description = "replay a whole scenario one-liner as a campaign printed it; excludes the scenario flags above")
    private String scenarioText;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** What the flags ask for. */
    record Request(String design, Scenario scenario, long seed, double scale, boolean json) {}

    @Override
    public Integer call() throws UsageException {
        Request r = request();
        RunConfig config = RunConfig.of(DesignCatalog.pipe(r.design()), r.seed(), r.scale());
        Recording recording = ScenarioRunner.run(r.scenario(), config);
        Map<String, Verdict> verdicts = Properties.judgeAll(recording);
        if (r.json()) {
            out().println(SimulationJson.render(recording, verdicts, config.replayLine(r.scenario())));
        } else {
            out().print(Timeline.format(recording));
            out().print(Timeline.verdicts(verdicts));
            out().println("\nreplay: " + config.replayLine(r.scenario()));
        }
        return ExitCodes.OK;
    }

    /** Parses {@code args} as picocli does for {@code ./kit simulate}, without running anything. */
    static Request parse(String... args) throws UsageException {
        SimulateCommand command = new SimulateCommand();
        try {
            new CommandLine(command).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        return command.request();
    }

    Request request() throws UsageException {
        if (!(scale > 0) || scale > 10) {
            throw new UsageException("--scale must be in (0, 10], got " + scale);
        }
        boolean built = cameras != null || runMs != null || stopAll || !latencies.isEmpty() || !hangs.isEmpty()
                || !kills.isEmpty() || !holds.isEmpty();
        Scenario scenario;
        if (scenarioText != null) {
            if (built) {
                throw new UsageException("--scenario replays a whole scenario: drop"
                        + " --cameras/--latency/--hang/--kill/--hold/--stop-all/--run");
            }
            try {
                scenario = Scenario.parse(scenarioText);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--scenario: " + e.getMessage());
            }
        } else {
            if (runMs != null && runMs < 0) {
                throw new UsageException("--run must not be negative, got " + runMs);
            }
            List<String[]> l = new ArrayList<>();
            for (String text : latencies) {
                l.add(split(text, "--latency", true));
            }
            List<String[]> h = new ArrayList<>();
            for (String text : hangs) {
                h.add(split(text, "--hang", false));
            }
            List<String[]> k = new ArrayList<>();
            for (String text : kills) {
                k.add(split(text, "--kill", false));
            }
            List<Scenario.Hold> held = new ArrayList<>();
            for (String text : holds) {
                try {
                    held.add(Scenario.Hold.parse(text));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--hold: " + e.getMessage());
                }
            }
            scenario = build(cameras == null ? 2 : cameras, runMs == null ? 600 : runMs, stopAll, l, h, k, held);
        }
        return new Request(design, scenario, seed, scale, json);
    }

    private static Scenario build(int cameras, long runMs, boolean stopAll, List<String[]> latencies,
                                  List<String[]> hangs, List<String[]> kills, List<Scenario.Hold> holds)
            throws UsageException {
        if (cameras < 1 || cameras > Scenario.MAX_CAMERAS) {
            throw new UsageException("--cameras must be 1.." + Scenario.MAX_CAMERAS + ", got " + cameras);
        }
        Map<Integer, IpaProfile> profiles = new TreeMap<>();
        for (String[] l : latencies) {
            IpaCommand command = command(l[0], "--latency");
            long ms = number(l[1], "--latency");
            for (int cam : cameras(l[2], cameras, "--latency")) {
                IpaProfile p = profiles.getOrDefault(cam, IpaProfile.fast());
                profiles.put(cam, p.with(command, p.script(command).withLatency(new Latency.Fixed(ms))));
            }
        }
        for (String[] h : hangs) {
            IpaCommand command = command(h[0], "--hang");
            for (int cam : cameras(h[2], cameras, "--hang")) {
                IpaProfile p = profiles.getOrDefault(cam, IpaProfile.fast());
                profiles.put(cam, p.with(command, p.script(command).withFault(CommandScript.Fault.HANG, 1)));
            }
        }
        for (String[] k : kills) {
            IpaCommand command = command(k[0], "--kill");
            for (int cam : cameras(k[2], cameras, "--kill")) {
                IpaProfile p = profiles.getOrDefault(cam, IpaProfile.fast());
                profiles.put(cam, p.with(command, p.script(command).withFault(CommandScript.Fault.KILL, 1)));
            }
        }
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Run(runMs));
        if (stopAll) {
            actions.add(new Action.StopAll());
        }
        return new Scenario(cameras, profiles, holds, actions);
    }

    /** CMD=MS[@CAMERA] (withValue) or CMD[@CAMERA] -> {cmd, ms or null, camera or null}. */
    private static String[] split(String text, String flag, boolean withValue) throws UsageException {
        String camera = null;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            camera = text.substring(at + 1);
            text = text.substring(0, at);
        }
        if (!withValue) {
            return new String[] {text, null, camera};
        }
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new UsageException(flag + " expects CMD=MS[@CAMERA], got '" + text + "'");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1), camera};
    }

    private static IpaCommand command(String name, String flag) throws UsageException {
        try {
            IpaCommand c = IpaCommand.fromName(name);
            if (c == IpaCommand.EXIT) {
                throw new IllegalArgumentException("exit is the pipe's own command");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
    }

    private static List<Integer> cameras(String camera, int cameras, String flag) throws UsageException {
        if (camera == null) {
            List<Integer> all = new ArrayList<>();
            for (int c = 0; c < cameras; c++) {
                all.add(c);
            }
            return all;
        }
        int c = (int) number(camera, flag);
        if (c >= cameras) {
            throw new UsageException(flag + ": camera " + c + " does not exist (cameras are 0.." + (cameras - 1) + ")");
        }
        return List.of(c);
    }

    private static long number(String text, String flag) throws UsageException {
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": '" + text + "' is not a non-negative number");
        }
    }

    /** Where output goes: stdout, or what a test gave the command line. */
    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
