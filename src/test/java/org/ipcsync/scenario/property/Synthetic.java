package org.ipcsync.scenario.property;

import java.util.ArrayList;
import java.util.List;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.AppCall;
import org.ipcsync.scenario.Recording.AsyncSend;
import org.ipcsync.scenario.Recording.CameraInfo;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Frame;
import org.ipcsync.scenario.Recording.Note;
import org.ipcsync.scenario.Recording.Poll;
import org.ipcsync.scenario.Recording.Received;
import org.ipcsync.scenario.Recording.SyncCall;

/** Hand-built recordings at scale 1 (times in ms, stored as µs), for judging the checks alone. */
final class Synthetic {
    static final String CM = "camera-manager";
    static final long TIMEOUT_MS = 2000;

    final List<CameraInfo> cameras = new ArrayList<>();
    final List<AppCall> appCalls = new ArrayList<>();
    final List<SyncCall> syncCalls = new ArrayList<>();
    final List<AsyncSend> asyncSends = new ArrayList<>();
    final List<Received> received = new ArrayList<>();
    final List<Delivery> deliveries = new ArrayList<>();
    final List<Frame> frames = new ArrayList<>();
    final List<Poll> polls = new ArrayList<>();
    final List<Note> notes = new ArrayList<>();
    long endMs = 10_000;
    boolean hung;

    static long us(double ms) {
        return Math.round(ms * 1000);
    }

    Synthetic cameras(int n) {
        for (int i = 0; i < n; i++) {
            cameras.add(new CameraInfo(i, "", false, List.of()));
        }
        return this;
    }

    /** A returned call; replyMs or returnMs -1 for none; status null while open. */
    Synthetic call(int camera, String command, int cmd, int cookie, int depth, int enclosing,
                   double sendMs, double replyMs, int replyCmd, double returnMs, Integer status) {
        syncCalls.add(new SyncCall(syncCalls.size(), camera, command, cmd, cookie, CM, depth, enclosing, us(sendMs),
                us(sendMs + TIMEOUT_MS), replyMs < 0 ? -1 : us(replyMs), replyCmd, -1, 0,
                returnMs < 0 ? -1 : us(returnMs), status, -1));
        return this;
    }

    /** Call {@code id} again, with its deadline {@code timeoutMs} after its send (the threaded design's 1000 ms). */
    Synthetic deadline(int id, double timeoutMs) {
        SyncCall c = syncCalls.get(id);
        syncCalls.set(id, new SyncCall(c.id(), c.camera(), c.command(), c.cmd(), c.cookie(), c.thread(), c.depth(),
                c.enclosing(), c.sendUs(), c.sendUs() + us(timeoutMs), c.replyUs(), c.replyCmd(), c.waitEndUs(),
                c.heldUs(), c.returnUs(), c.status(), c.sleptAfterCompletionUs()));
        return this;
    }

    /** Call {@code id} again, its wait ended at {@code waitEndMs} and the caller held {@code heldMs} there. */
    Synthetic waitEnded(int id, double waitEndMs, double heldMs) {
        SyncCall c = syncCalls.get(id);
        syncCalls.set(id, new SyncCall(c.id(), c.camera(), c.command(), c.cmd(), c.cookie(), c.thread(), c.depth(),
                c.enclosing(), c.sendUs(), c.deadlineUs(), c.replyUs(), c.replyCmd(), us(waitEndMs), us(heldMs),
                c.returnUs(), c.status(), c.sleptAfterCompletionUs()));
        return this;
    }

    Synthetic note(String kind, int camera, double ms, String text) {
        notes.add(new Note(kind, camera, us(ms), text));
        return this;
    }

    Synthetic ok(int camera, String command, int cmd, int cookie, double sendMs, double replyMs, double returnMs) {
        return call(camera, command, cmd, cookie, 1, -1, sendMs, replyMs, cmd, returnMs, 0);
    }

    Synthetic poll(int depth, double blockMs, double unblockMs) {
        polls.add(new Poll(CM, depth, us(blockMs), unblockMs < 0 ? -1 : us(unblockMs), -1, "fd", false));
        return this;
    }

    /** A sync call's poll of its own socket only (poll-one), outside the event loop. */
    Synthetic oneFdPoll(int depth, double blockMs, double unblockMs) {
        polls.add(new Poll(CM, depth, us(blockMs), unblockMs < 0 ? -1 : us(unblockMs), -1, "fd", true));
        return this;
    }

    Synthetic frame(int camera, int frame, double completedMs) {
        frames.add(new Frame(camera, frame, frame, us(completedMs) - 1000, us(completedMs), false, null));
        return this;
    }

    Recording build() {
        return new Recording("synthetic", "cameras=" + cameras.size(), 1, 1.0, us(200), us(TIMEOUT_MS), us(endMs),
                hung, cameras, appCalls, syncCalls, asyncSends, received, deliveries, frames, polls, notes,
                hung ? "dump" : null);
    }
}
