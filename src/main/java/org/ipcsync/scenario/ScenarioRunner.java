package org.ipcsync.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.ipcsync.os.Errno;
import org.ipcsync.runtime.ConnectionType;
import org.ipcsync.runtime.Instrumentation;
import org.ipcsync.runtime.LoopThread;
import org.ipcsync.worker.WorkerProcess;

/**
 * Runs one scenario on real threads, sockets and worker processes and returns its recording.
 *
 * <p>Shape of a run: a camera manager thread with the pipeline handler; an application thread
 * ("app-main") that sets every camera up (open all, wait for their workers to boot — see
 * {@link WorkerBoot} — then per camera init, configure, start), plays the script, stops what
 * still runs and releases every camera, each step a call into the camera manager that the
 * application thread waits for (libcamera's blocking invocation; for the completion-based designs
 * the camera manager only starts the operation and the application waits for its completion);
 * stop-all spawns one application thread per running camera. The calling thread is the
 * watchdog: if an application call stays pending longer than {@link #allowanceNanos} the scenario
 * ends there as hung, the state is dumped, and the engine is unstuck and torn down anyway
 * (wake-ups posted to the camera manager, then release, then worker processes killed as a last
 * resort), so nothing leaks and no build hangs.
 *
 * <p>libcamera's abort: when a proxy notes that libcamera's would abort the process (a reply
 * decoded as an event, see {@link IpaProxy}), the scenario ends there. The recording's end is
 * the abort, so every property judges only what libcamera could have done; the script stops
 * issuing steps (a run in progress is cut short), and the engine still releases every camera,
 * since it must not leak. Calls still open at the abort are not judged as unreturned.
 *
 * <p>Threads: {@link #run} from any thread that is not a camera manager; one run per call.
 */
public final class ScenarioRunner {
    /** System property: the longest wait for IPA workers to boot, in milliseconds. */
    public static final String WORKER_BOOT_PROPERTY = "ipcsync.scenario.workerBootMs";

    /**
     * How long a worker may take to boot before init is sent anyway (not scaled: it is JVM
     * start-up). 10 s, or {@value #WORKER_BOOT_PROPERTY} in milliseconds: under an emulated CPU
     * (the vivid lab, QEMU's TCG) the two workers of a scenario can take longer than 10 s.
     */
    static final long WORKER_BOOT_NANOS = Long.getLong(WORKER_BOOT_PROPERTY, 10_000) * 1_000_000L;

    private ScenarioRunner() {}

    /** Runs {@code scenario} under {@code config}; never hangs, never leaks. */
    public static Recording run(Scenario scenario, RunConfig config) {
        return new Run(scenario, config).execute();
    }

    /** How long any one application call may stay pending before the scenario counts as hung. */
    static long allowanceNanos(Scenario scenario, Duration timeout, double scale) {
        // Legitimately, a stop-all on the nested design can wait one timeout per nesting level.
        long levels = scenario.cameras() + 2L;
        return levels * timeout.toNanos() + Math.max(Math.round(1_000_000_000L * scale), 500_000_000L);
    }

    private static final class Run {
        private final Scenario scenario;
        private final RunConfig config;
        private final Duration timeout;
        private final long framePeriodUs;
        private final CameraManager cameraManager = new CameraManager();
        private final Recorder recorder;
        private final PipelineHandler handler;
        private final List<Thread> appThreads = new ArrayList<>();
        /** The pids of the IPA workers this run started (WorkerProcess#watchSpawns). */
        private final Set<Long> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Set by the watchdog: the application script stops issuing new steps except release. */
        private volatile boolean aborted;

        Run(Scenario scenario, RunConfig config) {
            this.scenario = scenario;
            this.config = config;
            Duration base = config.design().defaultTimeout();
            this.timeout = Duration.ofNanos(Math.round(base.toNanos() * config.scale()));
            int fps = (int) Math.max(1, Math.min(120, Math.round(1e6 / config.bounds().framePeriodUs())));
            this.framePeriodUs = 1_000_000L / fps;
            this.recorder = new Recorder(cameraManager.name(), timeout.toNanos(), config.scale());
            this.handler = new PipelineHandler(config, scenario, recorder, framePeriodUs, timeout);
        }

        Recording execute() {
            long endNanos;
            boolean hung = false;
            boolean interrupted = false;
            String dump = null;
            try (AutoCloseable listening = Instrumentation.add(recorder);
                 AutoCloseable spawns = WorkerProcess.watchSpawns(this::spawned)) {
                handler.moveToThread(cameraManager);
                cameraManager.start();
                Thread main = appThread("app-main", this::script);
                main.start();
                long allowance = allowanceNanos(scenario, timeout, config.scale());
                while (true) {
                    try {
                        main.join(20);
                    } catch (InterruptedException e) {
                        // Asked to give up (a test timeout): end here, but still tear down.
                        interrupted = true;
                        endNanos = System.nanoTime();
                        aborted = true;
                        hung = main.isAlive();
                        dump = "interrupted while the scenario ran\n" + dump();
                        break;
                    }
                    long abortNanos = recorder.abortNanos();
                    if (abortNanos != 0) {
                        aborted = true;
                    }
                    if (!main.isAlive()) {
                        endNanos = abortNanos != 0 ? abortNanos : System.nanoTime();
                        break;
                    }
                    long oldest = recorder.oldestPendingAppCallNanos();
                    if (oldest > 0 && System.nanoTime() - oldest > allowance) {
                        endNanos = System.nanoTime();
                        hung = true;
                        aborted = true;
                        dump = dump();
                        break;
                    }
                }
                if (hung || interrupted) {
                    unstick();
                }
                stopCameraManager();
            } catch (Exception e) {
                throw new IllegalStateException("scenario engine failed: " + e, e);
            } finally {
                killLeftoverWorkers();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return recorder.finish(config, scenario, framePeriodUs, endNanos, hung, dump);
        }

        private Thread appThread(String name, Runnable body) {
            Thread t = new Thread(body, name + "-" + cameraManager.name());
            t.setDaemon(true);
            synchronized (appThreads) {
                appThreads.add(t);
            }
            return t;
        }

        /** The application: set up, play the script, stop what still runs, release everything. */
        private void script() {
            boolean[] usable = new boolean[scenario.cameras()];
            boolean[] running = new boolean[scenario.cameras()];
            try {
                for (int id = 0; id < scenario.cameras() && !stopped(); id++) {
                    final int cam = id;
                    usable[cam] = appCall(cam, "open", () -> done(handler.open(cam))) == 0;
                }
                if (!WorkerBoot.awaitIdle(workers, WORKER_BOOT_NANOS)) {
                    recorder.note(Recording.Note.ENGINE_ERROR, -1, "IPA workers not up after "
                            + WORKER_BOOT_NANOS / 1_000_000 + " ms; calling init anyway");
                }
                for (int id = 0; id < scenario.cameras() && !stopped(); id++) {
                    final int cam = id;
                    usable[cam] = usable[cam]
                            && appCall(cam, "init", () -> handler.init(cam)) == 0
                            && appCall(cam, "configure", () -> handler.configure(cam)) == 0;
                    running[cam] = usable[cam] && appCall(cam, "start", () -> handler.start(cam)) == 0;
                }
                for (Action action : scenario.actions()) {
                    if (stopped()) {
                        break;
                    }
                    play(action, usable, running);
                }
                for (int id = 0; id < scenario.cameras() && !stopped(); id++) {
                    final int cam = id;
                    if (running[cam]) {
                        running[cam] = false;
                        stop(cam);
                    }
                }
            } finally {
                for (int id = 0; id < scenario.cameras(); id++) {
                    final int cam = id;
                    appCall(cam, "release", () -> done(handler.release(cam)));
                }
            }
        }

        /** The script takes no new step: the watchdog fired, or libcamera's proxy would have aborted. */
        private boolean stopped() {
            return aborted || recorder.abortNanos() != 0;
        }

        private void play(Action action, boolean[] usable, boolean[] running) {
            if (action instanceof Action.Run r) {
                runFor(Math.round(r.ms() * config.scale()));
            } else if (action instanceof Action.StopAll) {
                stopAll(running);
            } else if (action instanceof Action.Stop s) {
                if (running[s.camera()]) {
                    running[s.camera()] = false;
                    stop(s.camera());
                } else {
                    recorder.note(Recording.Note.SKIPPED, s.camera(), action.format() + ": camera not running");
                }
            } else if (action instanceof Action.Start s) {
                if (usable[s.camera()] && !running[s.camera()]) {
                    running[s.camera()] = appCall(s.camera(), "start", () -> handler.start(s.camera())) == 0;
                } else {
                    recorder.note(Recording.Note.SKIPPED, s.camera(), action.format() + ": camera running or unusable");
                }
            } else if (action instanceof Action.DeviceFault f) {
                injectFault(f, usable[f.camera()]);
            }
        }

        private void injectFault(Action.DeviceFault f, boolean usable) {
            Camera camera = usable ? handler.camera(f.camera()) : null;
            if (camera == null) {
                recorder.note(Recording.Note.SKIPPED, f.camera(), f.format() + ": camera unusable");
                return;
            }
            recorder.note(Recording.Note.DEVICE_ERROR, f.camera(), "injected " + f.format());
            camera.injectFault(f.fault());
        }

        /** Libcamera's Camera::stop: the application marks the camera stopping, then invokes stop. */
        private void stop(int cam) {
            Camera camera = handler.camera(cam);
            if (camera != null) {
                camera.stopping = true;
            }
            appCall(cam, "stop", () -> handler.stop(cam));
        }

        /**
         * One application thread per running camera, all calling stop at once. Thread k posts its
         * call only once camera k-1's stop has begun in the camera manager, so the order in which
         * the stops reach the camera manager is the camera order on every replay.
         */
        private void stopAll(boolean[] running) {
            List<Integer> targets = new ArrayList<>();
            for (int id = 0; id < running.length; id++) {
                if (running[id]) {
                    targets.add(id);
                    running[id] = false;
                }
            }
            List<CountDownLatch> begun = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int k = 0; k < targets.size(); k++) {
                int cam = targets.get(k);
                CountDownLatch mine = new CountDownLatch(1);
                CountDownLatch previous = k == 0 ? null : begun.get(k - 1);
                begun.add(mine);
                threads.add(appThread("app-stop-" + cam, () -> {
                    awaitUninterruptibly(go);
                    Camera camera = handler.camera(cam);
                    if (camera != null) {
                        camera.stopping = true;
                    }
                    if (previous != null) {
                        awaitUninterruptibly(previous);
                    }
                    appCall(cam, "stop", () -> {
                        mine.countDown();
                        return handler.stop(cam);
                    });
                    mine.countDown();
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
        }

        private static CompletableFuture<Integer> done(int status) {
            return CompletableFuture.completedFuture(status);
        }

        /**
         * The application's blocking call into the camera manager (libcamera's blocking
         * invocation): the operation is queued to the camera manager, which starts it there; this
         * thread waits for its completion, the camera manager thread does not. Returns the
         * operation's status (-EIO on an exception). For the blocking designs the completion is in
         * before the queued message's dispatch ends, so this is the semaphore wait it always was.
         */
        private int appCall(int cam, String operation, Supplier<CompletableFuture<Integer>> body) {
            String label = recorder.appCallPosted(cam, operation);
            CompletableFuture<Integer> result = new CompletableFuture<>();
            handler.invokeMethod(label, () -> {
                try {
                    body.get().whenComplete((status, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(status);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, ConnectionType.QUEUED);
            int status;
            String outcome;
            try {
                status = joinUninterruptibly(result);
                outcome = status == 0 ? "0" : status + (status < 0 ? " (" + Errno.name(-status) + ")" : "");
            } catch (RuntimeException e) {
                status = -5;
                outcome = "exception: " + e;
                recorder.note(Recording.Note.ENGINE_ERROR, cam, operation + ": " + e);
            }
            recorder.appCallReturned(label, outcome);
            return status;
        }

        /** The operation's status, or its own exception (unwrapped from the future's). */
        private static int joinUninterruptibly(CompletableFuture<Integer> result) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                            cause = cause.getCause();
                        }
                        if (cause instanceof RuntimeException r) {
                            throw r;
                        }
                        if (cause instanceof Error err) {
                            throw err;
                        }
                        throw new IllegalStateException(cause);
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /**
         * The script's own waiting: a scenario step, not synchronisation. Looks at the abort flag
         * every 10 ms, so a run cut short by libcamera's abort does not keep the scenario going.
         */
        private void runFor(long ms) {
            long until = System.nanoTime() + ms * 1_000_000;
            long left;
            while ((left = until - System.nanoTime()) > 0 && !stopped()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(left, 10_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private String dump() {
            StringBuilder s = new StringBuilder("watchdog: application calls pending past "
                    + allowanceNanos(scenario, timeout, config.scale()) / 1_000_000 + " ms\n");
            recorder.pendingAppCalls().forEach(p -> s.append("  pending: ").append(p).append('\n'));
            recorder.openSyncCalls().forEach(p -> s.append("  open sync call: ").append(p).append('\n'));
            List<Thread> threads = new ArrayList<>();
            threads.add(cameraManager.javaThread());
            synchronized (appThreads) {
                threads.addAll(appThreads);
            }
            for (Thread t : threads) {
                if (t == null || !t.isAlive()) {
                    continue;
                }
                s.append("  thread ").append(t.getName()).append(" ").append(t.getState()).append('\n');
                StackTraceElement[] stack = t.getStackTrace();
                for (int i = 0; i < Math.min(stack.length, 40); i++) {
                    s.append("    at ").append(stack[i]).append('\n');
                }
            }
            return s.toString();
        }

        /**
         * After a hang: wake the camera manager until every application thread has finished
         * (each wake-up lets a frame that slept on a consumed wake-up re-check its flag).
         */
        private void unstick() {
            long deadline = System.nanoTime() + 20 * timeout.toNanos() + 5_000_000_000L;
            while (System.nanoTime() < deadline && anyAppThreadAlive()) {
                handler.invokeMethod("watchdog wake-up", () -> { }, ConnectionType.QUEUED);
                LockSupport.parkNanos(Math.max(10_000_000L, timeout.toNanos() / 4));
            }
        }

        private boolean anyAppThreadAlive() {
            synchronized (appThreads) {
                return appThreads.stream().anyMatch(Thread::isAlive);
            }
        }

        private void stopCameraManager() {
            if (anyAppThreadAlive()) {
                // The script could not release its cameras; try once more from here.
                for (int id = 0; id < scenario.cameras(); id++) {
                    final int cam = id;
                    CompletableFuture<Void> done = new CompletableFuture<>();
                    handler.invokeMethod("watchdog release", () -> {
                        try {
                            handler.release(cam);
                        } finally {
                            done.complete(null);
                        }
                    }, ConnectionType.QUEUED);
                    try {
                        done.get(timeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
                    } catch (Exception e) {
                        recorder.note(Recording.Note.ENGINE_ERROR, cam, "release after hang failed: " + e);
                    }
                }
            }
            cameraManager.exit();
            boolean finished;
            try {
                finished = cameraManager.waitFor(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
            if (!finished) {
                recorder.note(Recording.Note.ENGINE_ERROR, -1, "camera manager thread did not finish");
            }
        }

        /**
         * A worker was started; it is this run's when this run's camera manager started it (the
         * pipeline handler opens every pipe, and so spawns every worker, on that thread).
         */
        private void spawned(int pid) {
            if (LoopThread.current() == cameraManager) {
                workers.add((long) pid);
            }
        }

        /**
         * Last resort after a hang the engine could not unwind: kill the workers this run started.
         * Workers the teardown already killed (libcamera's Process destructor sends SIGKILL and does
         * not wait) get a second to be reaped by their watcher first; only one still alive then is
         * a leftover.
         */
        private void killLeftoverWorkers() {
            long self = ProcessHandle.current().pid();
            // Still this JVM's child: a pid the watcher reaped may since name someone else's process.
            workers.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                    .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == self).forEach(p -> {
                awaitExit(p, 1);
                if (!p.isAlive()) {
                    return;
                }
                recorder.note(Recording.Note.ENGINE_ERROR, -1, "killed leftover worker pid " + p.pid());
                p.destroyForcibly();
                awaitExit(p, 5);
            });
        }

        /**
         * Waits on the future itself: completeOnTimeout/orTimeout would start the JDK's delay
         * scheduler, a thread that lives as long as the JVM, in whichever program imports the kit.
         */
        private static void awaitExit(ProcessHandle p, int seconds) {
            try {
                p.onExit().get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Still alive: the caller decides.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            boolean interrupted = false;
            while (true) {
                try {
                    latch.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static void joinUninterruptibly(Thread t) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
