package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a TLC run printed, parsed from its {@code -tool} output (messages framed by
 * {@code @!@!@STARTMSG code:class @!@!@ ... @!@!@ENDMSG code @!@!@}): the state counts, the
 * search depth, the error trace if any, and the error messages. Immutable.
 *
 * @param distinctStates distinct states found (model checking), -1 when TLC did not say
 * @param statesGenerated states generated (the only count a simulation reports), -1 when absent
 * @param depth          depth of the complete state graph search, -1 when TLC did not say
 * @param trace          the counterexample, or null
 * @param errors         the text of every error-class message, in order
 */
public record TlcOutput(long distinctStates, long statesGenerated, int depth, Trace trace, List<String> errors) {

    private static final Pattern MESSAGE = Pattern.compile(
            "@!@!@STARTMSG (\\d+):(\\d+) @!@!@\\R(.*?)@!@!@ENDMSG \\1 @!@!@", Pattern.DOTALL);
    private static final Pattern STATS = Pattern.compile(
            "([\\d,]+) states generated.*?(-?[\\d,]+) distinct states found");
    private static final Pattern SIM_STATS = Pattern.compile("The number of states generated: ([\\d,]+)");
    private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is (\\d+)");
    private static final Pattern STATE_HEAD = Pattern.compile(
            "(\\d+): <(.*?)(?: (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+))?>");
    private static final Pattern BACK_TO = Pattern.compile("^(\\d+): Back to state");
    private static final Pattern VARIABLE = Pattern.compile("^/\\\\ (\\w+) = ", Pattern.MULTILINE);

    // TLC message codes (tlc2.output.EC / MP) this parser relies on.
    private static final int STATE_PRINT = 2217;
    private static final int STUTTERING = 2218;
    private static final int BACK_TO_STATE = 2122;
    private static final int STATS_FINAL = 2199;
    private static final int STATS_PROGRESS = 2200;
    private static final int SIM_PROGRESS = 2209;
    private static final int SIM_FINAL = 2210;
    private static final int SEARCH_DEPTH = 2194;
    private static final int ERROR_CLASS = 1;

    public TlcOutput {
        errors = List.copyOf(errors);
    }

    public static TlcOutput parse(String stdout) {
        long distinct = -1;
        long generated = -1;
        int depth = -1;
        List<TraceState> states = new ArrayList<>();
        int loopsBackTo = 0;
        boolean stutters = false;
        List<String> errors = new ArrayList<>();
        Matcher m = MESSAGE.matcher(stdout);
        while (m.find()) {
            int code = Integer.parseInt(m.group(1));
            int cls = Integer.parseInt(m.group(2));
            String body = m.group(3).strip();
            switch (code) {
                case STATE_PRINT -> states.add(state(body, states.isEmpty() ? null : states.get(states.size() - 1)));
                case STUTTERING -> stutters = true;
                case BACK_TO_STATE -> {
                    Matcher b = BACK_TO.matcher(body);
                    loopsBackTo = b.find() ? Integer.parseInt(b.group(1)) : 0;
                }
                case STATS_FINAL, STATS_PROGRESS, SIM_PROGRESS -> {
                    Matcher s = STATS.matcher(body);
                    if (s.find()) {
                        generated = number(s.group(1));
                        distinct = number(s.group(2));
                    }
                }
                case SIM_FINAL -> {
                    Matcher s = SIM_STATS.matcher(body);
                    if (s.find()) {
                        generated = number(s.group(1));
                    }
                }
                case SEARCH_DEPTH -> {
                    Matcher d = DEPTH.matcher(body);
                    if (d.find()) {
                        depth = Integer.parseInt(d.group(1));
                    }
                }
                default -> {
                    if (cls == ERROR_CLASS) {
                        errors.add(body);
                    }
                }
            }
        }
        Trace trace = states.isEmpty() ? null : new Trace(states, loopsBackTo, stutters);
        return new TlcOutput(distinct, generated, depth, trace, errors);
    }

    private static long number(String digits) {
        return Long.parseLong(digits.replace(",", ""));
    }

    private static TraceState state(String body, TraceState previous) {
        int eol = body.indexOf('\n');
        String head = eol < 0 ? body : body.substring(0, eol);
        Matcher h = STATE_HEAD.matcher(head);
        if (!h.lookingAt()) {
            throw new IllegalArgumentException("unexpected TLC state header: " + head);
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        String rest = eol < 0 ? "" : body.substring(eol + 1);
        Matcher v = VARIABLE.matcher(rest);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (v.find()) {
            names.add(v.group(1));
            spans.add(new int[] {v.end(), 0});
            if (spans.size() > 1) {
                spans.get(spans.size() - 2)[1] = v.start();
            }
        }
        if (!spans.isEmpty()) {
            spans.get(spans.size() - 1)[1] = rest.length();
        } else if (rest.contains(" = ")) { // a spec with a single variable prints no conjunction
            int eq = rest.indexOf(" = ");
            names.add(rest.substring(0, eq).strip());
            spans.add(new int[] {eq + 3, rest.length()});
        }
        for (int i = 0; i < names.size(); i++) {
            vars.put(names.get(i), TlaValue.parse(rest.substring(spans.get(i)[0], spans.get(i)[1]).strip()));
        }
        List<String> changed = new ArrayList<>();
        if (previous != null) {
            vars.forEach((name, value) -> {
                if (!Objects.equals(previous.variables().get(name), value)) {
                    changed.add(name);
                }
            });
        }
        return new TraceState(Integer.parseInt(h.group(1)), h.group(2).strip(),
                h.group(3) == null ? "" : h.group(3), Collections.unmodifiableMap(vars), List.copyOf(changed));
    }
}
