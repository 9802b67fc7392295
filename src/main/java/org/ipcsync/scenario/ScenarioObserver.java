package org.ipcsync.scenario;

import org.ipcsync.pipe.PipeObserver;
import org.ipcsync.wire.IPCMessage;

/**
 * What the engine reports beyond the runtime's instrumentation and the pipes' hooks: application
 * calls, async sends, event deliveries and frames. Like {@link PipeObserver}, each hook is called
 * synchronously in the thread where the step happens and the observer stamps time and thread
 * itself, so engine code carries no timestamps. Implementations are thread-safe.
 */
public interface ScenarioObserver {
    /** The hooks a camera's pipe reports to. */
    PipeObserver pipeObserver(int camera);

    /**
     * An application thread is about to post a blocking call; returns the label to invoke it
     * with, by which the observer recognises its dispatch in the camera manager thread.
     */
    String appCallPosted(int camera, String operation);

    /** The blocking call labelled {@code label} returned to its application thread. */
    void appCallReturned(String label, String outcome);

    void asyncSent(int camera, String command, int cookie, int frame, int status);

    /** The proxy handled a message from its pipe's recv signal. */
    void eventDelivered(int camera, IPCMessage.Header header, String event, int arg0, int bytes);

    void frameDequeued(int camera, int frame, long sequence);

    /** A request completed; {@code checksum} compares the IPA's reading of the frame with the pipeline's, or is null. */
    void frameCompleted(int camera, int frame, boolean cancelled, Recording.Checksum checksum);

    void note(String kind, int camera, String text);

    /**
     * Whether the scenario's {@code hold} applies to {@code request} of {@code camera}, asked in
     * the caller's thread when its wait ended without the reply; the observer records the hold.
     */
    boolean holds(int camera, IPCMessage.Header request, Scenario.Hold hold);
}
