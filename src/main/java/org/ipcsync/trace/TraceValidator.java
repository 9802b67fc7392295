package org.ipcsync.trace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ipcsync.scenario.Recording;
import org.ipcsync.spec.Model;
import org.ipcsync.spec.TlcException;
import org.ipcsync.spec.TlcOutput;
import org.ipcsync.spec.TlcRunner;

/**
 * Asks TLC whether one recording is a behaviour of its design's spec: maps it
 * ({@link EventMapping}), writes the trace module ({@link TraceModuleWriter}) and runs the
 * design's trace spec ({@code spec/<Module>Trace.tla}) in its own child JVM and run directory.
 * Accepted when TLC violates {@code TraceNotDone} (some behaviour matched every event); rejected
 * otherwise, at the step after the largest prefix any behaviour matched. Thread-safe (each call
 * claims its own run directory).
 */
public final class TraceValidator {
    private static final int EXIT_OK = 0;
    private static final int EXIT_SAFETY = 12;
    /** The base module's ASSUME allows at most this many worker deaths. */
    private static final int MAX_DEATHS = 2;
    private static final Pattern REACHED = Pattern.compile("<<\"TRACE_REACHED\", (\\d+)>>");

    /** Default budget per trace: the CI-sized traces take 1-4 s; a six-camera one can take many minutes. */
    public static final long DEFAULT_BUDGET_SECONDS = 120;

    private final TlcRunner runner;
    private final long budgetSeconds;

    public TraceValidator(TlcRunner runner) {
        this(runner, DEFAULT_BUDGET_SECONDS);
    }

    public TraceValidator(TlcRunner runner, long budgetSeconds) {
        this.runner = runner;
        this.budgetSeconds = budgetSeconds;
    }

    /** Validates a recording in the words of {@code mapping}'s model. */
    public TraceVerdict validate(EventMapping mapping, Recording recording, String runName) {
        return validate(mapping.map(recording), runName);
    }

    public TraceVerdict validate(SpecTrace trace, String runName) {
        if (trace.workerDeaths() > MAX_DEATHS) {
            throw new IllegalArgumentException(trace.workerDeaths() + " worker deaths; the spec allows " + MAX_DEATHS);
        }
        String module = trace.design().module() + "Trace";
        TlcRunner.RawRun run = runner.runModule("trace-" + trace.design().name() + "-" + safe(runName), module,
                Map.of(TraceModuleWriter.MODULE, TraceModuleWriter.write(trace)), cfg(trace), budgetSeconds);
        TlcOutput out = TlcOutput.parse(run.stdout());
        int length = trace.events().size();
        if (run.exitCode() == EXIT_SAFETY && run.stdout().contains("TraceNotDone")) {
            return new TraceVerdict(true, false, -1, null, length, out.distinctStates(), run.seconds());
        }
        if (run.exitCode() != EXIT_OK && run.exitCode() != -1) {
            throw new TlcException(runName + ": trace check ended with TLC exit code " + run.exitCode() + " ("
                    + run.runDir().resolve("tlc.out") + ")\n" + String.join("\n", out.errors()));
        }
        int reached = 0;
        Matcher m = REACHED.matcher(run.stdout());
        while (m.find()) {
            reached = Math.max(reached, Integer.parseInt(m.group(1)));
        }
        int step = reached + 1;
        SpecEvent event = step <= length ? trace.events().get(step - 1) : null;
        return new TraceVerdict(false, run.exitCode() == -1, step, event, length, out.distinctStates(), run.seconds());
    }

    /** Constants from the trace; Calls and MaxEvents only satisfy the base ASSUME (see the trace spec). */
    static String cfg(SpecTrace t) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("N", Integer.toString(t.cameras()));
        c.put("Deadline", Integer.toString(t.design().deadlineTicks()));
        c.put("LegacyDeadline", Integer.toString(Model.LEGACY_DEADLINE_TICKS));
        c.put("Slack", "0");
        c.put("MaxEvents", "0");
        c.put("Seq0", "0");
        c.put("Calls", "1");
        c.put("MaxDeaths", Integer.toString(t.workerDeaths()));
        c.putAll(t.design().switches());
        List<String> overrides = new java.util.ArrayList<>(List.of("MoreCalls <- TraceMoreCalls"));
        if (t.recordedCookies()) {
            // A renumbered trace (NestedDispatch uses CookieOf directly) keeps the module's own cookies.
            overrides.add("CurrentCookie <- TraceCurrentCookie");
        }
        StringBuilder sb = new StringBuilder("\\* Trace validation of one recording against ")
                .append(t.design().name()).append(" (generated).\nSPECIFICATION TraceSpec\nCONSTANTS\n");
        c.forEach((k, v) -> sb.append("    ").append(k).append(" = ").append(v).append('\n'));
        overrides.forEach(o -> sb.append("    ").append(o).append('\n'));
        sb.append("INVARIANT TraceNotDone TraceReached\n");
        return sb.toString();
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_.-]+", "_");
    }
}
