package org.ipcsync.scenario;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.pipe.PipeObserver;
import org.ipcsync.runtime.InvokeMessage;
import org.ipcsync.runtime.RuntimeEvent;
import org.ipcsync.runtime.RuntimeListener;
import org.ipcsync.wire.IPCMessage;

/**
 * Builds a {@link Recording} from three sources: the runtime's instrumentation (processEvents
 * depth per thread, the camera manager's poll sleeps, the dispatch of application calls), the
 * pipes' {@link PipeObserver} hooks (sync calls, replies, unmatched messages, drops) and the
 * engine's {@link ScenarioObserver} hooks. Every timestamp is taken here. It also says which
 * calls a scenario's {@link Scenario.Hold}s hold ({@link #holds}), and records each hold.
 *
 * <p>Threads: hooks arrive from the camera manager, application threads, pipe receiver threads
 * and worker watcher threads; every field below is guarded by {@code lock}. {@link #finish}
 * once, at the end.
 */
public final class Recorder implements RuntimeListener, ScenarioObserver {
    private static final String APP_LABEL = "app#";

    private final long t0 = System.nanoTime();
    private final String cameraManagerThread;
    private final long timeoutNanos;
    private final double scale;
    private final Object lock = new Object();

    // Guarded by lock.
    private final Map<Long, Integer> depth = new HashMap<>();
    private final Map<Long, Deque<Integer>> openSyncCalls = new HashMap<>();
    private final Map<Long, Integer> syncByCookie = new HashMap<>();
    private final List<SyncBuilder> syncCalls = new ArrayList<>();
    private final List<AppBuilder> appCalls = new ArrayList<>();
    private final List<Recording.AsyncSend> asyncSends = new ArrayList<>();
    private final List<Recording.Received> received = new ArrayList<>();
    private final List<Recording.Delivery> deliveries = new ArrayList<>();
    private final Map<Integer, Integer> receivedCount = new HashMap<>();
    private final Map<Integer, Integer> deliveredCount = new HashMap<>();
    private final Map<Long, Long> dequeued = new HashMap<>();
    private final Map<Long, Long> sequences = new HashMap<>();
    private final List<Recording.Frame> frames = new ArrayList<>();
    private final List<long[]> polls = new ArrayList<>();
    private final List<String> pollCauses = new ArrayList<>();
    private final Map<Long, Integer> openPoll = new HashMap<>();
    private final List<Recording.Note> notes = new ArrayList<>();
    /** When the first abort was noted ({@link System#nanoTime()}), 0 if none. */
    private long abortNanos;

    /**
     * @param cameraManagerThread the camera manager's thread name, unique per run: only its poll
     *                            sleeps are recorded
     * @param timeoutNanos        the pipes' sync-call timeout, to state each call's deadline
     * @param scale               the time scale holds are played at
     */
    public Recorder(String cameraManagerThread, long timeoutNanos, double scale) {
        this.cameraManagerThread = cameraManagerThread;
        this.timeoutNanos = timeoutNanos;
        this.scale = scale;
    }

    private long us(long nanos) {
        return (nanos - t0) / 1000;
    }

    public long nowUs() {
        return us(System.nanoTime());
    }

    private static final class SyncBuilder {
        int id;
        int camera;
        String command;
        int cmd;
        int cookie;
        long threadId;
        String thread;
        int depth;
        int enclosing;
        long sendUs;
        long deadlineUs;
        long replyUs = -1;
        int replyCmd = -1;
        long waitEndUs = -1;
        long heldUs;
        long returnUs = -1;
        Integer status;
    }

    private static final class AppBuilder {
        int id;
        int camera;
        String operation;
        String thread;
        long postUs;
        long beginUs = -1;
        long endUs = -1;
        long returnUs = -1;
        int depth;
        String outcome;
    }

    @Override
    public void onEvent(RuntimeEvent e) {
        synchronized (lock) {
            switch (e.kind()) {
                case PROCESS_EVENTS_ENTER -> depth.put(e.threadId(), e.depth());
                case PROCESS_EVENTS_EXIT -> depth.put(e.threadId(), e.depth() - 1);
                case POLL_BLOCK -> {
                    if (e.threadName().equals(cameraManagerThread)) {
                        long timeout = e.detail() instanceof Long l ? l : -1;
                        openPoll.put(e.threadId(), polls.size());
                        polls.add(new long[] {e.depth(), us(e.nanos()), -1, timeout});
                        pollCauses.add("");
                    }
                }
                case POLL_UNBLOCK -> {
                    Integer i = openPoll.remove(e.threadId());
                    if (i != null) {
                        polls.get(i)[2] = us(e.nanos());
                        pollCauses.set(i, String.valueOf(e.detail()));
                    }
                }
                case DISPATCH_BEGIN, DISPATCH_END -> {
                    // The listener is global: only this run's camera manager dispatches its calls.
                    AppBuilder a = e.threadName().equals(cameraManagerThread) ? appCall(e.subject()) : null;
                    if (a != null && e.kind() == RuntimeEvent.Kind.DISPATCH_BEGIN) {
                        a.beginUs = us(e.nanos());
                        a.depth = e.depth();
                    } else if (a != null) {
                        a.endUs = us(e.nanos());
                    }
                }
                default -> { }
            }
        }
    }

    private AppBuilder appCall(Object subject) {
        if (subject instanceof InvokeMessage m && m.label() != null && m.label().startsWith(APP_LABEL)) {
            int id = labelId(m.label());
            return id < appCalls.size() ? appCalls.get(id) : null;
        }
        return null;
    }

    private static int labelId(String label) {
        int space = label.indexOf(' ');
        return Integer.parseInt(label.substring(APP_LABEL.length(), space < 0 ? label.length() : space));
    }

    private static long key(int camera, int cookie) {
        return ((long) camera << 32) | (cookie & 0xffffffffL);
    }

    @Override
    public PipeObserver pipeObserver(int camera) {
        return new PipeObserver() {
            @Override
            public void syncCallStarted(IPCMessage.Header request) {
                long now = System.nanoTime();
                Thread t = Thread.currentThread();
                synchronized (lock) {
                    SyncBuilder c = new SyncBuilder();
                    c.id = syncCalls.size();
                    c.camera = camera;
                    c.cmd = request.cmd();
                    IpaCommand command = IpaCommand.fromCode(request.cmd());
                    c.command = command == null ? "cmd" + request.cmd() : command.methodName();
                    c.cookie = request.cookie();
                    c.threadId = t.getId();
                    c.thread = t.getName();
                    c.depth = depth.getOrDefault(t.getId(), 0);
                    Deque<Integer> open = openSyncCalls.computeIfAbsent(t.getId(), k -> new ArrayDeque<>());
                    c.enclosing = open.isEmpty() ? -1 : open.peek();
                    open.push(c.id);
                    c.sendUs = us(now);
                    c.deadlineUs = us(now + timeoutNanos);
                    syncCalls.add(c);
                    syncByCookie.put(key(camera, request.cookie()), c.id);
                }
            }

            @Override
            public void replyReceived(IPCMessage.Header reply) {
                long now = System.nanoTime();
                synchronized (lock) {
                    Integer id = syncByCookie.get(key(camera, reply.cookie()));
                    if (id == null) {
                        notes.add(new Recording.Note(Recording.Note.ENGINE_ERROR, camera, us(now),
                                "reply " + reply + " matches no call the proxy sent"));
                        return;
                    }
                    SyncBuilder c = syncCalls.get(id);
                    if (c.replyUs < 0) {
                        c.replyUs = us(now);
                        c.replyCmd = reply.cmd();
                    }
                }
            }

            @Override
            public void syncWaitEnded(IPCMessage.Header request, boolean complete) {
                long now = System.nanoTime();
                synchronized (lock) {
                    Integer id = syncByCookie.get(key(camera, request.cookie()));
                    if (id != null) {
                        syncCalls.get(id).waitEndUs = us(now);
                    }
                }
            }

            @Override
            public void syncCallReturned(IPCMessage.Header request, int status) {
                long now = System.nanoTime();
                synchronized (lock) {
                    Integer id = syncByCookie.get(key(camera, request.cookie()));
                    if (id == null) {
                        return;
                    }
                    SyncBuilder c = syncCalls.get(id);
                    c.returnUs = us(now);
                    c.status = status;
                    Deque<Integer> open = openSyncCalls.get(c.threadId);
                    if (open != null) {
                        open.remove(id);
                    }
                }
            }

            @Override
            public void eventReceived(IPCMessage.Header event) {
                long now = System.nanoTime();
                String thread = Thread.currentThread().getName();
                synchronized (lock) {
                    int ordinal = receivedCount.merge(camera, 1, Integer::sum) - 1;
                    received.add(new Recording.Received(camera, ordinal, event.cmd(), event.cookie(), thread, us(now)));
                }
            }

            @Override
            public void messageDropped(String reason) {
                note(Recording.Note.DROPPED, camera, reason);
            }
        };
    }

    /**
     * Whether the scenario holds {@code request} of {@code camera} with {@code hold} (its
     * {@code call}-th call of that command); if so, records the hold on the call and in a note.
     * Asked by the {@link org.ipcsync.pipe.HoldingObserver} just before it holds (the caller's
     * thread, after {@code syncWaitEnded} stamped the end of the wait).
     */
    @Override
    public boolean holds(int camera, IPCMessage.Header request, Scenario.Hold hold) {
        synchronized (lock) {
            Integer id = syncByCookie.get(key(camera, request.cookie()));
            if (id == null || hold.command().code != request.cmd()) {
                return false;
            }
            SyncBuilder c = syncCalls.get(id);
            if (callNumber(c) != hold.call()) {
                return false;
            }
            c.heldUs = Math.round(hold.ms() * scale * 1000);
            notes.add(new Recording.Note(Recording.Note.HOLD, camera, nowUs(), "holding " + c.command + " (cookie "
                    + c.cookie + ") for " + c.heldUs / 1000 + " ms after its wait ended without its reply ("
                    + hold.format() + ")"));
            return true;
        }
    }

    /** 1-based: how many calls of {@code c}'s command its camera had made up to and including {@code c}. */
    private int callNumber(SyncBuilder c) {
        int n = 0;
        for (int i = 0; i <= c.id; i++) {
            SyncBuilder o = syncCalls.get(i);
            if (o.camera == c.camera && o.cmd == c.cmd) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String appCallPosted(int camera, String operation) {
        long now = System.nanoTime();
        synchronized (lock) {
            AppBuilder a = new AppBuilder();
            a.id = appCalls.size();
            a.camera = camera;
            a.operation = operation;
            a.thread = Thread.currentThread().getName();
            a.postUs = us(now);
            appCalls.add(a);
            return APP_LABEL + a.id + " " + operation + " camera " + camera;
        }
    }

    @Override
    public void appCallReturned(String label, String outcome) {
        long now = System.nanoTime();
        synchronized (lock) {
            AppBuilder a = appCalls.get(labelId(label));
            a.returnUs = us(now);
            a.outcome = outcome;
        }
    }

    @Override
    public void asyncSent(int camera, String command, int cookie, int frame, int status) {
        long now = System.nanoTime();
        synchronized (lock) {
            asyncSends.add(new Recording.AsyncSend(camera, command, cookie, frame, us(now), status));
        }
    }

    @Override
    public void eventDelivered(int camera, IPCMessage.Header header, String event, int arg0, int bytes) {
        long now = System.nanoTime();
        long tid = Thread.currentThread().getId();
        synchronized (lock) {
            int ordinal = deliveredCount.merge(camera, 1, Integer::sum) - 1;
            deliveries.add(new Recording.Delivery(camera, ordinal, header.cmd(), header.cookie(), event, arg0, bytes,
                    depth.getOrDefault(tid, 0), us(now)));
        }
    }

    @Override
    public void frameDequeued(int camera, int frame, long sequence) {
        long now = System.nanoTime();
        synchronized (lock) {
            dequeued.put(key(camera, frame), us(now));
            sequences.put(key(camera, frame), sequence);
        }
    }

    @Override
    public void frameCompleted(int camera, int frame, boolean cancelled, Recording.Checksum checksum) {
        long now = System.nanoTime();
        synchronized (lock) {
            long k = key(camera, frame);
            frames.add(new Recording.Frame(camera, frame, sequences.getOrDefault(k, -1L),
                    dequeued.getOrDefault(k, -1L), us(now), cancelled, checksum));
        }
    }

    @Override
    public void note(String kind, int camera, String text) {
        long now = System.nanoTime();
        synchronized (lock) {
            notes.add(new Recording.Note(kind, camera, us(now), text));
            if (kind.equals(Recording.Note.ABORT) && abortNanos == 0) {
                abortNanos = now;
            }
        }
    }

    /** When libcamera's proxy would first have aborted the process ({@link System#nanoTime()}), or 0. */
    public long abortNanos() {
        synchronized (lock) {
            return abortNanos;
        }
    }

    /** When the oldest still-pending application call was posted ({@link System#nanoTime()}), or 0 if none. */
    public long oldestPendingAppCallNanos() {
        synchronized (lock) {
            for (AppBuilder a : appCalls) {
                if (a.returnUs < 0) {
                    return t0 + a.postUs * 1000;
                }
            }
            return 0;
        }
    }

    /** Labels of application calls that have not returned, with where they are; for the watchdog. */
    public List<String> pendingAppCalls() {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (AppBuilder a : appCalls) {
                if (a.returnUs < 0) {
                    out.add(a.operation + " camera " + a.camera + " from " + a.thread + " posted at " + a.postUs / 1000
                            + " ms" + (a.beginUs < 0 ? ", not dispatched" : ", dispatched at depth " + a.depth));
                }
            }
            return out;
        }
    }

    /** Sync calls still open, innermost last; for the watchdog's dump. */
    public List<String> openSyncCalls() {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (SyncBuilder c : syncCalls) {
                if (c.returnUs < 0) {
                    out.add("#" + c.id + " camera " + c.camera + " " + c.command + " cookie " + c.cookie + " depth "
                            + c.depth + (c.replyUs >= 0 ? ", reply taken at " + c.replyUs / 1000 + " ms" : ", no reply"));
                }
            }
            return out;
        }
    }

    /** The finished recording; {@code endNanos} is the scenario's end on {@link System#nanoTime()}. */
    public Recording finish(RunConfig config, Scenario scenario, long framePeriodUs, long endNanos, boolean hung,
                            String dump) {
        synchronized (lock) {
            long endUs = us(endNanos);
            List<Recording.Poll> pollList = new ArrayList<>();
            for (int i = 0; i < polls.size(); i++) {
                long[] p = polls.get(i);
                pollList.add(new Recording.Poll(cameraManagerThread, (int) p[0], p[1], p[2], p[3], pollCauses.get(i)));
            }
            List<Recording.SyncCall> calls = new ArrayList<>();
            for (SyncBuilder c : syncCalls) {
                long completion = c.replyUs >= 0 && c.replyUs <= c.deadlineUs ? c.replyUs : c.deadlineUs;
                long until = c.returnUs >= 0 ? c.returnUs : endUs;
                long slept = completion < until ? Recording.longestSleep(pollList, c.thread, completion, until) : -1;
                calls.add(new Recording.SyncCall(c.id, c.camera, c.command, c.cmd, c.cookie, c.thread, c.depth,
                        c.enclosing, c.sendUs, c.deadlineUs, c.replyUs, c.replyCmd, c.waitEndUs, c.heldUs, c.returnUs,
                        c.status, slept));
            }
            List<Recording.AppCall> apps = new ArrayList<>();
            for (AppBuilder a : appCalls) {
                apps.add(new Recording.AppCall(a.id, a.camera, a.operation, a.thread, a.postUs, a.beginUs, a.endUs,
                        a.returnUs, a.depth, a.outcome));
            }
            List<Recording.CameraInfo> cameras = new ArrayList<>();
            for (int i = 0; i < scenario.cameras(); i++) {
                cameras.add(new Recording.CameraInfo(i, scenario.profile(i).format(), scenario.ipaFaulty(i),
                        scenario.deviceFaults(i)));
            }
            return new Recording(config.design().name(), scenario.format(), config.seed(), config.scale(), framePeriodUs,
                    timeoutNanos / 1000, endUs, hung, cameras, apps, calls, asyncSends, received, deliveries, frames,
                    pollList, notes, dump);
        }
    }
}
