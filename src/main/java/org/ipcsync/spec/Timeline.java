package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A counterexample retold for a libcamera maintainer: one lane per thread or process
 * (application threads, the camera manager thread, the caller thread of the patch author's setup,
 * receiver threads, one IPA per camera), one
 * row per step, time in 1000 ms ticks. Built from the state diffs of a {@link Trace}, so each
 * sentence names what the code did ("processEvents() depth 2 dispatches stop(cam1)").
 *
 * @param check    the check whose counterexample this is
 * @param lanes    lane names, left to right
 * @param rows     the steps, in trace order
 * @param headline one sentence: which property fails and what it means
 * @param ending   how the behaviour ends (final state explained; for liveness, how it repeats)
 */
public record Timeline(Check check, List<String> lanes, List<Row> rows, String headline, List<String> ending) {

    /**
     * One step of the trace.
     *
     * @param state   TLC's state number reached by this step
     * @param tick    ticks elapsed (1 tick = 1000 ms) when the step happens
     * @param lane    the lane that acts
     * @param lines   what it does, one sentence per line
     * @param action  the TLA+ action, for readers who open the spec
     * @param changed the variables the step changed
     */
    public record Row(int state, int tick, String lane, List<String> lines, String action, List<String> changed) {}

    static final String TIME = "time";
    static final String CM = "CameraManager";
    static final String CALLER = "caller thread";

    public Timeline {
        lanes = List.copyOf(lanes);
        rows = List.copyOf(rows);
        ending = List.copyOf(ending);
    }

    public static Timeline of(Check check, Trace trace) {
        return new Builder(check, trace).build();
    }

    static String appLane(int cam) {
        return "app cam" + cam;
    }

    static String ipaLane(int cam) {
        return "IPA cam" + cam;
    }

    static String receiverLane(int cam) {
        return "receiver cam" + cam;
    }

    /** Walks the trace once, diffing each state against the one before. */
    private static final class Builder {
        private final Check check;
        private final Trace trace;
        private final boolean nested;
        private final List<Row> rows = new ArrayList<>();
        private int tick;

        Builder(Check check, Trace trace) {
            this.check = check;
            this.trace = trace;
            this.nested = check.design().narration().story() == Narration.Story.NESTED_LOOP;
        }

        Timeline build() {
            List<String> lanes = new ArrayList<>();
            lanes.add(TIME);
            for (int c = 0; c < check.cameras(); c++) {
                lanes.add(appLane(c));
            }
            lanes.add(CM);
            if (check.design().narration().callers() == Narration.Callers.CALLER_THREAD) {
                lanes.add(CALLER);
            }
            if (!nested) {
                for (int c = 0; c < check.cameras(); c++) {
                    lanes.add(receiverLane(c));
                }
            }
            for (int c = 0; c < check.cameras(); c++) {
                lanes.add(ipaLane(c));
            }
            List<TraceState> states = trace.states();
            rows.add(new Row(1, 0, TIME, List.of("start: every camera open, no call in progress"),
                    states.get(0).action(), List.of()));
            for (int i = 1; i < states.size(); i++) {
                step(states.get(i - 1), states.get(i));
            }
            String headline = check.property().tlaName() + " is violated in " + check.design().name()
                    + " with " + check.cameras() + " cameras: " + check.property().meaning() + ".";
            return new Timeline(check, lanes, rows, headline, ending(states.get(states.size() - 1)));
        }

        private void add(TraceState s, String lane, List<String> lines) {
            rows.add(new Row(s.index(), tick, lane, List.copyOf(lines), s.action(), s.changed()));
        }

        private void add(TraceState s, String lane, String line) {
            add(s, lane, List.of(line));
        }

        private void step(TraceState a, TraceState b) {
            String action = b.action();
            switch (action) {
                case "Tick" -> tick(a, b);
                case "AppCall" -> appCall(a, b);
                case "IPAStep", "IPAReply", "IPAEmit", "IPADie" -> ipa(a, b);
                case "Dispatch" -> dispatch(a, b);
                case "PollWake" -> pollWake(a, b);
                case "Check" -> check(a, b);
                case "TimerTest" -> timerTest(a, b);
                case "CMDispatch" -> cmDispatch(a, b);
                case "CMSend" -> cmSend(a, b);
                case "CMCheck" -> cmCheck(a, b);
                case "CMWake" -> cmWake(a, b);
                case "CMCleanup" -> cmCleanup(a, b);
                case "RxReadyRead" -> readyRead(a, b);
                case "RxNotify" -> rxNotify(a, b);
                default -> add(b, TIME, "step " + action + " changes " + String.join(", ", b.changed()));
            }
        }

        // ---- shared ----

        private void tick(TraceState a, TraceState b) {
            tick++;
            List<String> lines = new ArrayList<>();
            lines.add("1000 ms pass (t = " + tick + " s); every pipeline thread is blocked");
            for (int c = 0; c < check.cameras(); c++) {
                if (intOf(b.map("timer").get(c)) == 0 && intOf(a.map("timer").get(c)) == 1) {
                    lines.add("the deadline of cam" + c + "'s " + (nested ? "2000 ms timer" : "1000 ms wait_for")
                            + " passes");
                }
            }
            add(b, TIME, lines);
        }

        private void appCall(TraceState a, TraceState b) {
            int c = changedKey(a, b, "call");
            int k = intOf(callOf(b, c).get("k"));
            String op = opName(k);
            if ((check.design().narration().callers() == Narration.Callers.APP_THREADS)) {
                if ("error".equals(callOf(b, c).get("state"))) {
                    add(b, appLane(c), "Camera " + op + " → IPA proxy → sendSync(cookie " + cookieOf(k)
                            + ") on this thread: send fails (the worker is dead, ECONNREFUSED) → returns the error at once");
                } else {
                    add(b, appLane(c), "Camera " + op + " → IPA proxy → IPCPipeUnixSocket::sendSync(cookie "
                            + cookieOf(k) + ") on this thread: request sent, 2000 ms timer started; "
                            + "the socket's notifier stays with the camera manager thread");
                }
            } else {
                String host = check.design().narration().callers() == Narration.Callers.CALLER_THREAD ? "caller" : "camera manager";
                add(b, appLane(c), "posts a blocking " + op + "(cam" + c + ") to the " + host
                        + " thread and waits on its semaphore");
            }
        }

        private String opName(int k) {
            return k == check.calls() ? "stop" : "init";
        }

        private int cookieOf(int k) {
            return check.seq0() + k - 1;
        }

        private void ipa(TraceState a, TraceState b) {
            for (int c = 0; c < check.cameras(); c++) {
                if (Boolean.TRUE.equals(a.map("alive").get(c)) && Boolean.FALSE.equals(b.map("alive").get(c))) {
                    add(b, ipaLane(c), "the worker process dies (crash, SIGKILL): its unread requests are lost; "
                            + (nested ? "its socket end is released, yet the pipeline's datagram end gets no POLLIN"
                            + " or POLLHUP: only the next send fails"
                            : "the pipe keeps its copy of the worker's socket end open, so nothing in the pipeline"
                            + " notices"));
                    return;
                }
            }
            for (int c = 0; c < check.cameras(); c++) {
                List<Object> before = listOf(a.map("toIPA").get(c));
                List<Object> after = listOf(b.map("toIPA").get(c));
                if (after.size() < before.size()) {
                    add(b, ipaLane(c), "runs the sync command and replies cookie " + before.get(0));
                    return;
                }
            }
            for (int c = 0; c < check.cameras(); c++) {
                if (listOf(b.map("fromIPA").get(c)).size() > listOf(a.map("fromIPA").get(c)).size()) {
                    add(b, ipaLane(c), "emits an IPA event (cookie 0)");
                    return;
                }
            }
        }

        private static String released(String result) {
            return "the call returns (" + (result.equals("ok") ? "IPA call succeeded"
                    : result.equals("timeout") ? "-ETIMEDOUT" : "send error") + ")";
        }

        // ---- NestedDispatch ----

        private String nestedThreadLane(String thread) {
            return switch (thread) {
                case "cm" -> CM;
                case "caller" -> CALLER;
                default -> appLane(Integer.parseInt(thread.substring(3)));
            };
        }

        /** The thread the application posts its calls to. */
        private String host() {
            return check.design().narration().hostThread();
        }

        /** The thread whose stack changed between a and b. */
        private String changedThread(TraceState a, TraceState b) {
            for (Map.Entry<Object, Object> e : b.map("stack").entrySet()) {
                if (!Objects.equals(a.map("stack").get(e.getKey()), e.getValue())) {
                    return (String) e.getKey();
                }
            }
            throw new IllegalStateException("no stack changed in state " + b.index());
        }

        @SuppressWarnings("unchecked")
        private static List<Map<Object, Object>> frames(TraceState s, String thread) {
            return (List<Map<Object, Object>>) s.map("stack").get(thread);
        }

        /** processEvents() depth of the level at 1-based index i: the sendSync frames at or below it. */
        private static int depth(List<Map<Object, Object>> frames, int i) {
            int d = 0;
            for (int k = 0; k < i; k++) {
                if (intOf(frames.get(k).get("cam")) >= 0) {
                    d++;
                }
            }
            return d;
        }

        private static int sendSyncFrames(List<Map<Object, Object>> frames) {
            return depth(frames, frames.size());
        }

        private void dispatch(TraceState a, TraceState b) {
            if (a.list("queue").size() > b.list("queue").size()
                    && Objects.equals(a.map("stack").get(host()), b.map("stack").get(host()))) {
                int c = intOf(a.list("queue").get(0));
                List<Map<Object, Object>> fr = frames(a, host());
                add(b, nestedThreadLane(host()), "processEvents() depth " + depth(fr, fr.size()) + " dispatches "
                        + opName(intOf(callOf(b, c).get("k"))) + "(cam" + c + ") → sendSync(cam" + c
                        + "): send fails (the worker is dead, ECONNREFUSED) → returns the error at once");
                add(b, appLane(c), released("error"));
                return;
            }
            String t = changedThread(a, b);
            List<Map<Object, Object>> before = frames(a, t);
            List<Map<Object, Object>> after = frames(b, t);
            int d = depth(before, before.size());
            if (after.size() > before.size()) {
                int c = intOf(after.get(after.size() - 1).get("cam"));
                int levels = sendSyncFrames(after);
                add(b, nestedThreadLane(t), "processEvents() depth " + d + " dispatches "
                        + opName(intOf(callOf(b, c).get("k"))) + "(cam" + c
                        + ") → sendSync(cam" + c + ") sends cookie " + cookie(b, c)
                        + ", starts its 2000 ms timer" + (levels > 1 ? " — " + levels
                        + " sendSync frames now on this stack" : ""));
            } else {
                add(b, nestedThreadLane(t), "processEvents() depth " + d + ": no message queued, enters poll");
            }
        }

        private void pollWake(TraceState a, TraceState b) {
            String t = changedThread(a, b);
            List<Map<Object, Object>> fr = frames(a, t);
            int d = depth(fr, fr.size());
            int topCam = intOf(fr.get(fr.size() - 1).get("cam"));
            List<String> reasons = new ArrayList<>();
            if (Boolean.TRUE.equals(a.map("interrupt").get(t))) {
                reasons.add("interrupt (a message was posted)");
            }
            List<Integer> readable = new ArrayList<>();
            List<Integer> expired = new ArrayList<>();
            for (int c = 0; c < check.cameras(); c++) {
                if (t.equals("cm") && !listOf(a.map("fromIPA").get(c)).isEmpty()) {
                    readable.add(c);
                    reasons.add("socket cam" + c + " readable");
                }
                if (callerOf(c).equals(t) && intOf(a.map("timer").get(c)) == 0) {
                    expired.add(c);
                    reasons.add("timer cam" + c + " expired");
                }
            }
            List<String> lines = new ArrayList<>();
            lines.add("processEvents() depth " + d + ": poll wakes (" + String.join(", ", reasons) + ")");
            for (int c : readable) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> msg = (Map<Object, Object>) listOf(a.map("fromIPA").get(c)).get(0);
                String kind = (String) msg.get("kind");
                int mapCookie = intOf(a.map("map").get(c));
                boolean matches = mapCookie >= 0 && intOf(msg.get("cookie")) == mapCookie;
                if (matches && kind.equals("reply")) {
                    String note = !callerOf(c).equals(t)
                            ? " — written on this thread, without a lock and without waking "
                            + nestedThreadLane(callerOf(c)) + ", which spins in its own poll"
                            : c == topCam ? ""
                            : " — but sendSync(cam" + c + ") is not the running frame; it cannot see it until"
                            + " every deeper frame returns";
                    lines.add("readyRead cam" + c + ": reply cookie " + msg.get("cookie") + " → done[cam" + c
                            + "] = true" + note);
                } else if (matches) {
                    lines.add("readyRead cam" + c + ": IPA event cookie 0 matches the pending call's cookie "
                            + mapCookie + " → taken as its reply, done[cam" + c + "] = true");
                } else if (kind.equals("event")) {
                    lines.add("readyRead cam" + c + ": IPA event cookie 0 → recv, the pipeline handler's event slot runs");
                } else {
                    lines.add("readyRead cam" + c + ": reply cookie " + msg.get("cookie")
                            + " has no map entry (its call already returned) → emitted as an IPA event (recv)");
                }
            }
            for (int c : expired) {
                lines.add("processTimers: timer cam" + c + " unregistered, isRunning() now false"
                        + (c == topCam ? "" : " — consumed at depth " + d + ", where sendSync(cam" + topCam
                        + ") only re-checks its own flag"));
            }
            lines.add("processEvents() depth " + d + " returns");
            add(b, nestedThreadLane(t), lines);
        }

        private void check(TraceState a, TraceState b) {
            String t = changedThread(a, b);
            List<Map<Object, Object>> before = frames(a, t);
            int c = intOf(before.get(before.size() - 1).get("cam"));
            int d = depth(before, before.size());
            if (frames(b, t).size() < before.size()) {
                returned(a, b, t, c);
            } else if ("timer".equals(frames(b, t).get(before.size() - 1).get("pc"))) {
                add(b, nestedThreadLane(t), "sendSync(cam" + c + ") loop: reads done = false");
            } else {
                add(b, nestedThreadLane(t), "sendSync(cam" + c + ") loop: not done, timer running → processEvents() depth " + d);
            }
        }

        private void timerTest(TraceState a, TraceState b) {
            String t = changedThread(a, b);
            List<Map<Object, Object>> before = frames(a, t);
            int c = intOf(before.get(before.size() - 1).get("cam"));
            if (frames(b, t).size() < before.size()) {
                returned(a, b, t, c);
            } else {
                add(b, nestedThreadLane(t), "sendSync(cam" + c + ") loop: timer still running → processEvents() depth "
                        + depth(before, before.size()));
            }
        }

        private void returned(TraceState a, TraceState b, String t, int c) {
            String result = (String) callOf(b, c).get("state");
            boolean matched = Boolean.TRUE.equals(a.map("done").get(c));
            add(b, nestedThreadLane(t), "sendSync(cam" + c + ") loop: "
                    + (result.equals("ok") ? "done → erases the entry, returns 0"
                    : "timer not running → erases the entry, returns -ETIMEDOUT"
                    + (matched ? " — although the camera manager thread set done after it was read:"
                    + " the matched reply is reported as a timeout" : ""))
                    + ((check.design().narration().callers() == Narration.Callers.APP_THREADS) ? "" : "; " + opName(intOf(callOf(b, c).get("k")))
                    + "(cam" + c + ") completes"));
            if (!(check.design().narration().callers() == Narration.Callers.APP_THREADS)) {
                add(b, appLane(c), released(result));
            }
        }

        private String callerOf(int c) {
            return (check.design().narration().callers() == Narration.Callers.APP_THREADS) ? "app" + c : host();
        }

        // ---- ThreadedSync ----

        private void cmDispatch(TraceState a, TraceState b) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> msg = (Map<Object, Object>) a.list("queue").get(0);
            int c = intOf(msg.get("cam"));
            if (msg.get("type").equals("call")) {
                int k = intOf(callOf(b, c).get("k"));
                add(b, CM, "dispatches " + opName(k) + "(cam" + c + ") → sendSync: lock, pending = true, cookie "
                        + cookieOf(k) + ", unlock");
            } else if (msg.get("kind").equals("event")) {
                add(b, CM, "dispatches recv(cam" + c + "): the pipeline handler's IPA event slot runs");
            } else {
                add(b, CM, "dispatches recv(cam" + c + "): a sync reply handled as an IPA event (the real proxy"
                        + " decodes it as the event with the same cmd)");
            }
        }

        private void cmSend(TraceState a, TraceState b) {
            int c = intOf(a.map("cm").get("cam"));
            add(b, CM, "sendSync(cam" + c + "): sends the request outside the lock"
                    + (Boolean.FALSE.equals(a.map("alive").get(c)) ? " — into the dead worker's open socket end" : "")
                    + "; wait_for(1000 ms) begins");
        }

        private void cmCheck(TraceState a, TraceState b) {
            int c = intOf(a.map("cm").get("cam"));
            String pc = (String) b.map("cm").get("pc");
            if (pc.equals("wait")) {
                add(b, CM, "sendSync(cam" + c + "): MutexLocker locks; pending is true → condvar wait_for() sleeps,"
                        + " mutex released");
            } else {
                returnedThreaded(b, c, "pending is false → leaves the MutexLocker scope, returns 0");
            }
        }

        private void cmWake(TraceState a, TraceState b) {
            int c = intOf(a.map("cm").get("cam"));
            boolean notified = !listOf(a.map("waiters").get(c)).contains("cm");
            String pc = (String) b.map("cm").get("pc");
            String woken = "sendSync(cam" + c + "): woken by " + (notified ? "notify_one()" : "the wait_for deadline")
                    + ", re-locks";
            if (pc.equals("cleanup")) {
                add(b, CM, woken + "; still pending → wait_for returns false, the MutexLocker scope ends (unlock),"
                        + " !complete → goto cleanup");
            } else if (pc.equals("idle")) {
                returnedThreaded(b, c, woken.substring(("sendSync(cam" + c + "): ").length())
                        + "; pending is false → returns 0");
            } else {
                add(b, CM, woken + "; still pending → sleeps again");
            }
        }

        private void cmCleanup(TraceState a, TraceState b) {
            int c = intOf(a.map("cm").get("cam"));
            boolean taken = Boolean.FALSE.equals(a.map("pending").get(c));
            returnedThreaded(b, c, "cleanup: locks again, pending = false, unlocks, returns -ETIMEDOUT"
                    + (taken ? " — although readyRead matched the reply after the wait ended: the reply is consumed"
                    + " and the call still fails" : ""));
        }

        private void returnedThreaded(TraceState b, int c, String what) {
            String result = (String) callOf(b, c).get("state");
            add(b, CM, "sendSync(cam" + c + "): " + what + "; " + opName(intOf(callOf(b, c).get("k"))) + "(cam" + c
                    + ") completes");
            add(b, appLane(c), released(result));
        }

        private void rxNotify(TraceState a, TraceState b) {
            int c = changedKey(a, b, "rx");
            boolean woke = !listOf(a.map("waiters").get(c)).isEmpty();
            add(b, receiverLane(c), "notify_one() outside the lock" + (woke ? ": wakes the waiting caller"
                    : ": nobody waits yet, the notification is lost (the caller tests pending before it waits)"));
        }

        private void readyRead(TraceState a, TraceState b) {
            int c = changedKey(a, b, "fromIPA");
            @SuppressWarnings("unchecked")
            Map<Object, Object> msg = (Map<Object, Object>) listOf(a.map("fromIPA").get(c)).get(0);
            boolean took = Boolean.TRUE.equals(a.map("pending").get(c)) && Boolean.FALSE.equals(b.map("pending").get(c));
            String what = msg.get("kind").equals("reply") ? "reply cookie " + msg.get("cookie") : "IPA event cookie 0";
            boolean notify = check.design().switches().getOrDefault("Notify", "TRUE").equals("TRUE");
            if (took) {
                add(b, receiverLane(c), "readyRead: " + what + " matches the pending call → lock, pending = false,"
                        + " payload moved, unlock; " + (notify ? "notify_one() comes next"
                        : "no notify_one() (mutant): the waiter is not woken")
                        + (msg.get("kind").equals("event") ? " — an event taken as the sync reply" : ""));
            } else {
                add(b, receiverLane(c), "readyRead: " + what + ", no pending call with that cookie → emits recv,"
                        + " queued to the camera manager thread");
            }
        }

        // ---- ending ----

        private List<String> ending(TraceState last) {
            List<String> lines = new ArrayList<>();
            if (trace.stutters()) {
                lines.add("From state " + last.index() + " on nothing changes any more (time passing changes no"
                        + " variable): the behaviour stays here for ever.");
            } else if (trace.loopsBackTo() > 0) {
                lines.add("From state " + last.index() + " the behaviour returns to state " + trace.loopsBackTo()
                        + " and repeats for ever.");
            } else {
                lines.add("State " + last.index() + " violates " + check.property().tlaName() + ".");
            }
            for (int c = 0; c < check.cameras(); c++) {
                Map<Object, Object> call = callOf(last, c);
                if ("calling".equals(call.get("state"))) {
                    String why = nested && Boolean.TRUE.equals(last.map("done").get(c))
                            ? " although its reply was processed (done = true)" : "";
                    lines.add("cam" + c + "'s sync call is still in progress" + why + ".");
                }
            }
            if (!nested && !last.list("queue").isEmpty()) {
                List<String> queued = new ArrayList<>();
                for (Object o : last.list("queue")) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> m = (Map<Object, Object>) o;
                    queued.add(m.get("type").equals("call") ? "call(cam" + m.get("cam") + ")"
                            : "recv(cam" + m.get("cam") + ", " + m.get("kind") + ")");
                }
                lines.add("Still queued for the camera manager thread: " + String.join(", ", queued) + ".");
            }
            if (nested) {
                for (Map.Entry<Object, Object> e : last.map("stack").entrySet()) {
                    String t = (String) e.getKey();
                    List<Map<Object, Object>> fr = frames(last, t);
                    if (!fr.isEmpty() && "poll".equals(fr.get(fr.size() - 1).get("pc"))) {
                        lines.add(nestedThreadLane(t) + " is in poll at processEvents() depth " + depth(fr, fr.size())
                                + " with " + sendSyncFrames(fr) + " sendSync frame(s) on its stack; wake sources: "
                                + wakeSources(last, t) + ".");
                    }
                }
            }
            return lines;
        }

        private String wakeSources(TraceState s, String t) {
            List<String> w = new ArrayList<>();
            if (Boolean.TRUE.equals(s.map("interrupt").get(t))) {
                w.add("interrupt");
            }
            for (int c = 0; c < check.cameras(); c++) {
                if (t.equals("cm") && !listOf(s.map("fromIPA").get(c)).isEmpty()) {
                    w.add("socket cam" + c);
                }
                int timer = intOf(s.map("timer").get(c));
                if (callerOf(c).equals(t) && timer >= 0) {
                    w.add("timer cam" + c + (timer == 0 ? " (expired)" : " (" + timer + " s left)"));
                }
            }
            return w.isEmpty() ? "none (no interrupt, no readable socket, no timer registered)" : String.join(", ", w);
        }

        // ---- value helpers ----

        private int cookie(TraceState s, int c) {
            return cookieOf(intOf(callOf(s, c).get("k")));
        }

        @SuppressWarnings("unchecked")
        private static Map<Object, Object> callOf(TraceState s, int c) {
            return (Map<Object, Object>) s.map("call").get(c);
        }

        private static int changedKey(TraceState a, TraceState b, String variable) {
            for (Map.Entry<Object, Object> e : b.map(variable).entrySet()) {
                if (!Objects.equals(a.map(variable).get(e.getKey()), e.getValue())) {
                    return intOf(e.getKey());
                }
            }
            throw new IllegalStateException(variable + " did not change in state " + b.index());
        }

        @SuppressWarnings("unchecked")
        private static List<Object> listOf(Object v) {
            return v instanceof List<?> l ? (List<Object>) l : List.of();
        }

        private static int intOf(Object v) {
            return ((Number) v).intValue();
        }
    }
}
