package org.ipcsync.scenario;

import java.time.Duration;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.pipe.IPCPipe;
import org.ipcsync.pipe.PipeOptions;
import org.ipcsync.runtime.BoundObject;

/**
 * The pipeline handler: owns the cameras and runs every camera operation the application asks
 * for. Like libcamera's, it lives in the camera manager thread and applications reach it only
 * through blocking invocations into that thread; the design under test is a name passed to the
 * {@link PipeFactory}, never special-cased here.
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

    PipelineHandler(RunConfig config, Scenario scenario, ScenarioObserver observer, long framePeriodUs,
                    Duration timeout) {
        this.config = config;
        this.scenario = scenario;
        this.observer = observer;
        this.framePeriodUs = framePeriodUs;
        this.timeout = timeout;
        this.cameras = new Camera[scenario.cameras()];
    }

    Camera camera(int id) {
        return cameras[id];
    }

    /** Creates the camera's device and its IPA (worker process and pipe) and opens the device. */
    int open(int id) {
        assertThreadBound("open runs in the camera manager thread");
        Camera camera = new Camera(id, config.devices().create(id, config.seed()), observer, framePeriodUs);
        cameras[id] = camera;
        IpaProfile profile = scenario.profile(id).scaled(config.scale()).withSeed(config.seed() * 7 + id);
        PipeOptions options = PipeOptions.defaults().withTimeout(timeout).withObserver(observer.pipeObserver(id));
        IPCPipe pipe = config.pipes().create(config.design(), profile, options);
        return camera.open(new IpaProxy(id, pipe, observer));
    }

    int init(int id) {
        return cameras[id].init();
    }

    int configure(int id) {
        return cameras[id].configure();
    }

    int start(int id) {
        return cameras[id].start();
    }

    int stop(int id) {
        return cameras[id].stop();
    }

    int release(int id) {
        Camera camera = cameras[id];
        if (camera != null) {
            cameras[id] = null;
            camera.release();
        }
        return 0;
    }
}
