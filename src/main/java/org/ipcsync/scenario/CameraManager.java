package org.ipcsync.scenario;

import java.util.concurrent.atomic.AtomicInteger;
import org.ipcsync.runtime.LoopThread;

/**
 * libcamera's CameraManager thread: runs the event loop that every pipeline handler, camera,
 * device notifier and (for the nested design) IPA socket of a scenario lives in. Each instance
 * gets a unique name, by which a recording tells its poll sleeps from other threads'.
 *
 * <p>Threads: {@link #start}, {@link #exit} and {@link #waitFor} from any thread, as for any
 * LoopThread.
 */
public final class CameraManager extends LoopThread {
    private static final AtomicInteger RUNS = new AtomicInteger();

    public CameraManager() {
        super("camera-manager-" + RUNS.incrementAndGet());
    }
}
