package org.ipcsync.scenario;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.HoldingObserver;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeObserver;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.runtime.BoundObject;

/**
 * The pipeline handler: owns the cameras and runs every camera operation the application asks
 * for. Like libcamera's, it lives in the camera manager thread and applications reach it only
 * through invocations into that thread; the design under test is a name passed to the
 * {@link PipeFactory}, never special-cased here. The operations that call the IPA return their
 * completion: the application thread waits for it, the camera manager thread never does (for the
 * blocking designs the completion is in when the operation returns).
 *
 * <p>Threads: every method except the constructor runs in the camera manager thread;
 * {@link #camera} may be read from application threads once the camera was created.
 */
public final class PipelineHandler extends BoundObject {
    private final RunConfig config;
    private final Scenario scenario;
    private final ScenarioObserver observer;
    private final long framePeriodUs;
    private final Duration timeout;
    private final Camera[] cameras;
    /** Per camera, the recorder's slot on its worker's exit signal (connected plain, see {@link #open}). */
    private final Consumer<Integer>[] exitSlots;
    private final IPCPipe[] pipes;

    PipelineHandler(RunConfig config, Scenario scenario, ScenarioObserver observer, long framePeriodUs,
                    Duration timeout) {
        this.config = config;
        this.scenario = scenario;
        this.observer = observer;
        this.framePeriodUs = framePeriodUs;
        this.timeout = timeout;
        this.cameras = new Camera[scenario.cameras()];
        @SuppressWarnings("unchecked")
        Consumer<Integer>[] slots = new Consumer[scenario.cameras()];
        this.exitSlots = slots;
        this.pipes = new IPCPipe[scenario.cameras()];
    }

    Camera camera(int id) {
        return cameras[id];
    }

    /**
     * Creates the camera's device and its IPA (worker process and pipe) and opens the device. The
     * worker's death is recorded by a plain slot, run in the thread that reaped the worker: the
     * kit's bookkeeping must not add a camera manager wake-up libcamera does not have (its pipe
     * and proxy do not connect to {@code Process::finished}).
     */
    int open(int id) {
        assertThreadBound("open runs in the camera manager thread");
        Camera camera = new Camera(id, config.devices().create(id, config.seed()), observer, framePeriodUs);
        cameras[id] = camera;
        IpaProfile profile = scenario.profile(id).scaled(config.scale()).withSeed(config.seed() * 7 + id);
        PipeObserver watching = observer.pipeObserver(id);
        for (Scenario.Hold hold : scenario.holds()) {
            watching = new HoldingObserver(watching, Duration.ofNanos(Math.round(hold.ms() * config.scale() * 1e6)),
                    request -> observer.holds(id, request, hold));
        }
        PipeOptions options = PipeOptions.defaults().withTimeout(timeout).withObserver(watching);
        IPCPipe pipe = config.pipes().create(config.design(), profile, options);
        exitSlots[id] = status -> observer.note(Recording.Note.WORKER_EXITED, id,
                "IPA worker exited with status " + status);
        pipes[id] = pipe;
        pipe.workerExited().connect(exitSlots[id]);
        return camera.open(new IpaProxy(id, pipe, observer));
    }

    CompletableFuture<Integer> init(int id) {
        return cameras[id].init();
    }

    CompletableFuture<Integer> configure(int id) {
        return cameras[id].configure();
    }

    CompletableFuture<Integer> start(int id) {
        return cameras[id].start();
    }

    CompletableFuture<Integer> stop(int id) {
        return cameras[id].stop();
    }

    int release(int id) {
        Camera camera = cameras[id];
        if (pipes[id] != null) {
            // The teardown's own kill is not a death during the scenario.
            pipes[id].workerExited().disconnect(exitSlots[id]);
            pipes[id] = null;
        }
        if (camera != null) {
            cameras[id] = null;
            camera.release();
        }
        return 0;
    }
}
