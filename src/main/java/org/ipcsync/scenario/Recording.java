package org.ipcsync.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * What one scenario run did, as observed through the runtime's instrumentation, the pipes'
 * {@link org.ipcsync.pipe.PipeObserver} hooks and the engine's {@link ScenarioObserver} hooks.
 * Properties are judged on it and reports draw from it. Times are microseconds since the
 * recording started; -1 means "did not happen".
 *
 * <p>Immutable once built by {@link Recorder#finish}; any thread. The JSON form (field names
 * below) is what {@code ./kit simulate --json} prints; {@link #fromJson} reads it back.
 *
 * @param framePeriodUs the device frame period the cameras ran at
 * @param timeoutUs     the sync-call timeout every pipe was given (design default × scale)
 * @param endUs         when the scenario ended: its last action finished, or the watchdog fired
 * @param hung          the watchdog fired: some application call had not returned in time
 * @param dump          the engine state at the watchdog (threads, pending calls), else null
 */
@JsonPropertyOrder({"design", "scenario", "seed", "scale", "framePeriodUs", "timeoutUs", "endUs", "hung",
    "cameras", "appCalls", "syncCalls", "asyncSends", "received", "deliveries", "frames", "polls", "notes", "dump"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recording(String design, String scenario, long seed, double scale, long framePeriodUs,
                        long timeoutUs, long endUs, boolean hung, List<CameraInfo> cameras,
                        List<AppCall> appCalls, List<SyncCall> syncCalls, List<AsyncSend> asyncSends,
                        List<Received> received, List<Delivery> deliveries, List<Frame> frames,
                        List<Poll> polls, List<Note> notes, String dump) {

    public Recording {
        cameras = List.copyOf(cameras);
        appCalls = List.copyOf(appCalls);
        syncCalls = List.copyOf(syncCalls);
        asyncSends = List.copyOf(asyncSends);
        received = List.copyOf(received);
        deliveries = List.copyOf(deliveries);
        frames = List.copyOf(frames);
        polls = List.copyOf(polls);
        notes = List.copyOf(notes);
    }

    /** This recording with other sync calls (a mutated copy for trace validation's checks). */
    public Recording withSyncCalls(List<SyncCall> calls) {
        return new Recording(design, scenario, seed, scale, framePeriodUs, timeoutUs, endUs, hung, cameras, appCalls,
                calls, asyncSends, received, deliveries, frames, polls, notes, dump);
    }

    /** This recording with other received datagrams. */
    public Recording withReceived(List<Received> datagrams) {
        return new Recording(design, scenario, seed, scale, framePeriodUs, timeoutUs, endUs, hung, cameras, appCalls,
                syncCalls, asyncSends, datagrams, deliveries, frames, polls, notes, dump);
    }

    /** This recording with other deliveries. */
    public Recording withDeliveries(List<Delivery> delivered) {
        return new Recording(design, scenario, seed, scale, framePeriodUs, timeoutUs, endUs, hung, cameras, appCalls,
                syncCalls, asyncSends, received, delivered, frames, polls, notes, dump);
    }

    /**
     * One camera of the scenario.
     *
     * @param ipaFaulty its IPA profile makes the worker misbehave (hang, exit, kill, bad replies)
     * @param deviceFaults the device faults the scenario injects into it
     */
    public record CameraInfo(int camera, String profile, boolean ipaFaulty, List<String> deviceFaults) {
        public CameraInfo {
            deviceFaults = List.copyOf(deviceFaults);
        }
    }

    /**
     * A blocking invocation from an application thread into the camera manager thread.
     *
     * @param postUs  the application thread posted it
     * @param beginUs the camera manager began dispatching it (DISPATCH_BEGIN)
     * @param endUs   its dispatch ended (DISPATCH_END)
     * @param depth   the camera manager's processEvents depth when it was dispatched
     * @param outcome what the operation returned, or the exception it threw; null while pending
     */
    public record AppCall(int id, int camera, String operation, String thread, long postUs, long beginUs,
                          long endUs, long returnUs, int depth, String outcome) {}

    /**
     * One synchronous IPA call through a pipe.
     *
     * @param depth     processEvents depth of the calling thread at entry
     * @param enclosing id of a sync call still open on the same thread when this one started, else -1
     * @param replyUs   when a message was taken off the socket as this call's reply
     * @param replyCmd  the cmd of that message (differs from {@code cmd} when something else was taken)
     * @param waitEndUs when the caller's wait ended, before the pipe acted on it (the pipe's
     *                  {@code syncWaitEnded} hook); -1 if the pipe does not report it
     * @param heldUs    how long the scenario held the caller at that point ({@code hold=}), else 0
     * @param status    what sendSync returned, null while pending
     * @param sleptAfterCompletionUs the longest poll sleep of the calling thread that began after
     *                  this call's completion (reply or deadline) and before it returned; -1 if none.
     *                  Non-negative means the caller was blocked in poll with its completion pending.
     */
    /** The errno a pipe returns for a call whose reply did not come in time. */
    public static final int ETIMEDOUT = 110;

    public record SyncCall(int id, int camera, String command, int cmd, int cookie, String thread, int depth,
                           int enclosing, long sendUs, long deadlineUs, long replyUs, int replyCmd,
                           long waitEndUs, long heldUs, long returnUs, Integer status,
                           long sleptAfterCompletionUs) {
        public boolean returned() {
            return returnUs >= 0;
        }

        /** The reply came in before the deadline. */
        public boolean timelyReply() {
            return replyUs >= 0 && replyUs <= deadlineUs;
        }

        /** A message other than this call's reply (an IPA event, cookie 0) was taken as its reply. */
        public boolean tookOtherMessage() {
            return replyUs >= 0 && replyCmd != cmd;
        }

        /** The call returned the pipe's timeout error. */
        public boolean timedOut() {
            return status != null && status == -ETIMEDOUT;
        }

        /** When the caller should be able to return: its reply, or its deadline. */
        public long completionUs() {
            return timelyReply() ? replyUs : deadlineUs;
        }

        public String label() {
            return "#" + id + " camera " + camera + " " + command + " (cookie " + cookie + ")";
        }
    }

    /** An asynchronous IPA call (processStats) the proxy sent; {@code frame} is the request it serves. */
    public record AsyncSend(int camera, String command, int cookie, int frame, long sendUs, int status) {}

    /**
     * A message the pipe took off a socket that matched no pending call (the pipe's eventReceived),
     * numbered per camera in arrival order.
     */
    public record Received(int camera, int ordinal, int cmd, int cookie, String thread, long us) {}

    /**
     * A message the proxy handled from the pipe's recv signal, numbered per camera in delivery
     * order (recv preserves arrival order, so ordinal k is the k-th {@link Received}).
     *
     * @param event  the decoded event (metadataReady, paramsReady); "abort" when the message has an
     *               event's cmd but too short a payload (libcamera's proxy aborts there, see
     *               {@link Note#ABORT}); "unknown" when its cmd is no event's (logged and dropped)
     * @param arg0   metadataReady: frame; paramsReady: the cookie of the request it accompanies
     * @param bytes  payload length after the header
     */
    public record Delivery(int camera, int ordinal, int cmd, int cookie, String event, int arg0, int bytes,
                           int depth, long us) {}

    /**
     * A request completed (metadataReady handled); {@code cancelled} when its camera was stopping.
     *
     * @param checksum the IPA's checksum of the frame against the pipeline's; null when the frame
     *                 never reached the IPA (its processStats could not be sent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Frame(int camera, int frame, long sequence, long dequeuedUs, long completedUs, boolean cancelled,
                        Checksum checksum) {}

    /**
     * One frame's bytes read twice: by the IPA, through the dmabuf it was passed (CRC-32 sent back
     * in metadataReady), and by the pipeline, through the device's own mapping of the same buffer
     * before it is queued again.
     *
     * @param bytesUsed   what the device filled and the pipeline read
     * @param ipaBytes    how many bytes the IPA read
     * @param pipelineCrc -1 if the pipeline could not read the buffer (a disconnected mock device)
     */
    public record Checksum(int bytesUsed, int ipaBytes, long ipaCrc, long pipelineCrc) {
        /** The pipeline read the buffer, so the two sides can be compared. */
        public boolean verified() {
            return pipelineCrc >= 0;
        }

        /** Both sides read the whole frame and saw the same bytes. */
        public boolean matches() {
            return verified() && ipaBytes == bytesUsed && ipaCrc == pipelineCrc;
        }
    }

    /**
     * A poll(2) sleep of the camera manager thread; {@code unblockUs} -1 while still asleep at the
     * end. {@code oneFd}: a poll of one fd outside the event loop (the poll-one design's sendSync
     * waiting on its own socket), which serves nothing else of the thread; false for the loop's
     * ppoll on every notifier.
     */
    public record Poll(String thread, int depth, long blockUs, long unblockUs, long timeoutMs, String cause,
                       boolean oneFd) {}

    /**
     * Anything else worth knowing: dropped messages, device errors, worker exits (stamped once, by
     * the first to see the death: the thread that reaped the worker, or a fail-fast pipe's exit
     * watch), skipped actions, holds, the proxy's abort.
     */
    public record Note(String kind, int camera, long us, String text) {
        public static final String DROPPED = "dropped";
        public static final String DEVICE_ERROR = "device-error";
        public static final String WORKER_EXITED = "worker-exited";
        /** The scenario held a caller between the end of its wait and its cleanup ({@code hold=}). */
        public static final String HOLD = "hold";
        /**
         * libcamera's generated proxy would abort the process here: a message on its event path
         * carried an event's cmd but not that event's arguments, and the event's deserializer
         * asserts. The run ends here (see {@link Recording#abortUs()}).
         */
        public static final String ABORT = "abort";
        public static final String SKIPPED = "skipped";
        public static final String ENGINE_ERROR = "engine-error";
        /** A reply that came after its call completed was dropped by the pipe (reference design), not emitted. */
        public static final String STALE_REPLY = "stale-reply";
        /** A fail-fast pipe saw its worker die and failed its calls with this error (status, stderr tail). */
        public static final String WORKER_ERROR = "worker-error";
    }

    /** When libcamera's proxy would have aborted the process ({@link Note#ABORT}), or -1. */
    public long abortUs() {
        return notes.stream().filter(n -> n.kind().equals(Note.ABORT)).mapToLong(Note::us).min().orElse(-1);
    }

    /** When each camera's worker died before the end, as (camera, time) notes. */
    public List<Note> workerDeaths() {
        return notes.stream().filter(n -> n.kind().equals(Note.WORKER_EXITED) && n.us() <= endUs).toList();
    }

    public List<SyncCall> syncCallsOf(int camera) {
        List<SyncCall> out = new ArrayList<>();
        for (SyncCall c : syncCalls) {
            if (c.camera() == camera) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The longest sleep in poll of {@code thread} that began at or after {@code fromUs} and before
     * {@code untilUs}, clipped to {@code untilUs}; -1 if none. How "blocked in poll while its
     * completion was already pending" is measured.
     */
    public static long longestSleep(List<Poll> polls, String thread, long fromUs, long untilUs) {
        long longest = -1;
        for (Poll p : polls) {
            if (!p.thread().equals(thread) || p.blockUs() < fromUs || p.blockUs() >= untilUs) {
                continue;
            }
            long wake = p.unblockUs() < 0 ? untilUs : Math.min(p.unblockUs(), untilUs);
            longest = Math.max(longest, wake - p.blockUs());
        }
        return longest;
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recording not serialisable", e);
        }
    }

    public static Recording fromJson(String json) {
        try {
            return JSON.readValue(json, Recording.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a recording: " + e.getOriginalMessage(), e);
        }
    }
}
