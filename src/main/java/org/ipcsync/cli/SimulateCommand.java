package org.ipcsync.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipcsync.ipa.CommandScript;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.ipa.Latency;
import org.ipcsync.pipe.PipeDesigns;
import org.ipcsync.scenario.Action;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.RunConfig;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioRunner;
import org.ipcsync.scenario.Timeline;
import org.ipcsync.scenario.property.Properties;

/**
 * `./kit simulate`: runs one scenario from flags and prints its per-camera timeline of sync calls
 * and the property verdicts, or with --json the recording. Maintainers use it to reproduce a
 * report; campaigns print a --scenario line that replays a shrunk counterexample. Exit status 0
 * once the scenario ran (violations are findings), 2 for bad flags.
 */
final class SimulateCommand implements KitCommand {
    static final String USAGE = "--design D [--cameras N] [--latency CMD=MS[@CAMERA]]... [--hang CMD[@CAMERA]]..."
            + " [--stop-all] [--run MS] [--seed S] [--scale F] [--json] | --scenario 'TEXT'";

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "run one scenario on a pipe design and print its timeline and verdicts";
    }

    /** What the flags ask for. */
    record Request(String design, Scenario scenario, long seed, double scale, boolean json) {}

    @Override
    public int run(String[] args) throws UsageException {
        Request r = parse(args);
        Recording recording = ScenarioRunner.run(r.scenario(), RunConfig.of(r.design(), r.seed(), r.scale()));
        if (r.json()) {
            System.out.println(recording.toJson());
        } else {
            System.out.print(Timeline.format(recording));
            System.out.print(Timeline.verdicts(Properties.judgeAll(recording)));
            System.out.println("\nreplay: " + RunConfig.of(r.design(), r.seed(), r.scale()).replayLine(r.scenario()));
        }
        return 0;
    }

    static Request parse(String[] args) throws UsageException {
        String design = null;
        int cameras = 2;
        long runMs = 600;
        long seed = 1;
        double scale = 1.0;
        boolean json = false;
        boolean stopAll = false;
        boolean built = false;
        String scenarioText = null;
        List<String[]> latencies = new ArrayList<>();
        List<String[]> hangs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--json" -> json = true;
                case "--stop-all" -> {
                    stopAll = true;
                    built = true;
                }
                case "--design" -> design = value(args, ++i, flag);
                case "--cameras" -> {
                    cameras = (int) number(value(args, ++i, flag), flag);
                    built = true;
                }
                case "--run" -> {
                    runMs = number(value(args, ++i, flag), flag);
                    built = true;
                }
                case "--seed" -> seed = number(value(args, ++i, flag), flag);
                case "--scale" -> {
                    String v = value(args, ++i, flag);
                    try {
                        scale = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--scale: '" + v + "' is not a number");
                    }
                    if (!(scale > 0) || scale > 10) {
                        throw new UsageException("--scale must be in (0, 10], got " + v);
                    }
                }
                case "--latency" -> {
                    latencies.add(split(value(args, ++i, flag), flag, true));
                    built = true;
                }
                case "--hang" -> {
                    hangs.add(split(value(args, ++i, flag), flag, false));
                    built = true;
                }
                case "--scenario" -> scenarioText = value(args, ++i, flag);
                default -> throw new UsageException("unknown flag '" + flag + "' (usage: simulate " + USAGE + ")");
            }
        }
        if (design == null) {
            throw new UsageException("--design is required (one of " + PipeDesigns.names() + ")");
        }
        if (!PipeDesigns.names().contains(design)) {
            throw new UsageException("unknown design '" + design + "' (one of " + PipeDesigns.names() + ")");
        }
        Scenario scenario;
        if (scenarioText != null) {
            if (built) {
                throw new UsageException("--scenario replays a whole scenario: drop --cameras/--latency/--hang/--stop-all/--run");
            }
            try {
                scenario = Scenario.parse(scenarioText);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--scenario: " + e.getMessage());
            }
        } else {
            scenario = build(cameras, runMs, stopAll, latencies, hangs);
        }
        return new Request(design, scenario, seed, scale, json);
    }

    private static Scenario build(int cameras, long runMs, boolean stopAll, List<String[]> latencies,
                                  List<String[]> hangs) throws UsageException {
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
        List<Action> actions = new ArrayList<>();
        actions.add(new Action.Run(runMs));
        if (stopAll) {
            actions.add(new Action.StopAll());
        }
        return new Scenario(cameras, profiles, actions);
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

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(flag + " needs a value");
        }
        return args[i];
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
}
