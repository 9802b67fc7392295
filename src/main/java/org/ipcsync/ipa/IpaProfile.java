package org.ipcsync.ipa;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The declarative script a simulated IPA runs, one {@link CommandScript} per command, given to
 * the worker at launch. Its text form is one line, so a scenario replays from a log:
 *
 * <pre>
 *   seed=7;stop=latency:300,events-before:2;start=hang@2;processStats=checksum;init=kill@1
 * </pre>
 *
 * Actions: {@code latency:MS | MIN-MAX | A|B|C}, {@code events-before:K}, {@code events-after:K},
 * {@code checksum}, and faults {@code hang, wrong-cookie, truncated, garbage, exit, kill}, each
 * on every call or on the N-th with {@code @N}. A hang blocks the worker for good (no later
 * request is answered), as a hung IPA method blocks libcamera's worker. Immutable.
 */
public final class IpaProfile {
    private final long seed;
    private final Map<IpaCommand, CommandScript> scripts;

    private IpaProfile(long seed, Map<IpaCommand, CommandScript> scripts) {
        this.seed = seed;
        this.scripts = scripts.isEmpty() ? Map.of() : new EnumMap<>(scripts);
    }

    public static IpaProfile fast() {
        return new IpaProfile(0, Map.of());
    }

    public long seed() {
        return seed;
    }

    public Random newRandom() {
        return new Random(seed);
    }

    public CommandScript script(IpaCommand command) {
        return scripts.getOrDefault(command, CommandScript.DEFAULT);
    }

    public IpaProfile with(IpaCommand command, CommandScript script) {
        Map<IpaCommand, CommandScript> next = new EnumMap<>(IpaCommand.class);
        next.putAll(scripts);
        next.put(command, script);
        return new IpaProfile(seed, next);
    }

    public IpaProfile withSeed(long s) {
        return new IpaProfile(s, scripts);
    }

    /** Every latency multiplied by {@code factor}: the scenario time scale. */
    public IpaProfile scaled(double factor) {
        Map<IpaCommand, CommandScript> next = new EnumMap<>(IpaCommand.class);
        scripts.forEach((c, s) -> next.put(c, s.withLatency(s.latency().scaled(factor))));
        return new IpaProfile(seed, next);
    }

    public String format() {
        List<String> rules = new ArrayList<>();
        if (seed != 0) {
            rules.add("seed=" + seed);
        }
        scripts.forEach((command, s) -> {
            List<String> actions = new ArrayList<>();
            if (!s.latency().equals(Latency.NONE)) {
                actions.add("latency:" + s.latency().format());
            }
            if (s.eventsBefore() > 0) {
                actions.add("events-before:" + s.eventsBefore());
            }
            if (s.eventsAfter() > 0) {
                actions.add("events-after:" + s.eventsAfter());
            }
            if (s.checksum()) {
                actions.add("checksum");
            }
            for (CommandScript.FaultAt f : s.faults()) {
                actions.add(f.fault().token + (f.call() > 0 ? "@" + f.call() : ""));
            }
            if (!actions.isEmpty()) {
                rules.add(command.methodName() + "=" + String.join(",", actions));
            }
        });
        return String.join(";", rules);
    }

    /** Parses the text form; throws IllegalArgumentException naming the bad part. */
    public static IpaProfile parse(String text) {
        long seed = 0;
        Map<IpaCommand, CommandScript> scripts = new EnumMap<>(IpaCommand.class);
        for (String rule : text.trim().split(";")) {
            rule = rule.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int eq = rule.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("profile rule '" + rule + "' has no '='");
            }
            String key = rule.substring(0, eq).trim();
            String value = rule.substring(eq + 1).trim();
            if (key.equals("seed")) {
                try {
                    seed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad seed '" + value + "'");
                }
                continue;
            }
            IpaCommand command = IpaCommand.fromName(key);
            CommandScript s = scripts.getOrDefault(command, CommandScript.DEFAULT);
            for (String action : value.split(",")) {
                s = apply(s, action.trim(), command);
            }
            scripts.put(command, s);
        }
        return new IpaProfile(seed, scripts);
    }

    private static CommandScript apply(CommandScript s, String action, IpaCommand command) {
        int colon = action.indexOf(':');
        String name = colon < 0 ? action : action.substring(0, colon);
        String arg = colon < 0 ? null : action.substring(colon + 1);
        switch (name) {
            case "latency":
                return s.withLatency(Latency.parse(required(arg, action)));
            case "events-before":
                return s.withEvents(count(required(arg, action), action), s.eventsAfter());
            case "events-after":
                return s.withEvents(s.eventsBefore(), count(required(arg, action), action));
            case "checksum":
                return s.withChecksum();
            default:
                String token = name;
                int call = 0;
                int at = name.indexOf('@');
                if (at >= 0) {
                    token = name.substring(0, at);
                    call = count(name.substring(at + 1), action);
                    if (call == 0) {
                        throw new IllegalArgumentException("'" + action + "': calls are numbered from 1");
                    }
                }
                CommandScript.Fault fault = CommandScript.Fault.fromToken(token);
                if (fault == null) {
                    throw new IllegalArgumentException("unknown action '" + action + "' for " + command.methodName()
                            + " (latency, events-before, events-after, checksum, hang, wrong-cookie, truncated,"
                            + " garbage, exit, kill)");
                }
                return s.withFault(fault, call);
        }
    }

    private static String required(String arg, String action) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("'" + action + "' needs a value after ':'");
        }
        return arg;
    }

    private static int count(String text, String action) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + action + "': '" + text + "' is not a non-negative number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpaProfile p && p.seed == seed && p.scripts.equals(scripts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seed) * 31 + scripts.hashCode();
    }

    @Override
    public String toString() {
        return format();
    }
}
