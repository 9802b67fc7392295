package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.ArrayList;
import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.CameraInfo;
import org.ipcsync.scenario.Recording.Frame;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * While a camera streams (from its start call's return to its next stop call), its requests keep
 * completing: no gap between completions exceeds {@link Bounds#isolationUs()} because another
 * camera's sync call held the thread that serves it. A gap is laid at such a call only if the
 * call's thread stayed out of its event loop (no loop poll recorded) for the whole overlap: that
 * is the mechanism the property is about (a caller blocked on a condition variable, or polling
 * only its own socket, serves nobody else),
 * while a caller that spins its event loop keeps serving every socket, and a gap it shows is
 * scheduling on a loaded machine, not isolation lost. Cameras given device faults are not judged
 * (a dropped or failed frame is a gap of their own making). Situation: another camera's sync call
 * during a judged camera's streaming window.
 */
public final class CameraIsolation implements Property {
    @Override
    public String name() {
        return "CameraIsolation";
    }

    @Override
    public String meaning() {
        return "a slow IPA on one camera stalls no other streaming camera's frame completions beyond a bound";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (CameraInfo cam : r.cameras()) {
            if (!cam.deviceFaults().isEmpty()) {
                continue;
            }
            for (long[] window : streamingWindows(r, cam.camera())) {
                situations += callsOfOthersDuring(r, cam.camera(), window[0], window[1]);
                List<Long> times = new ArrayList<>();
                times.add(window[0]);
                for (Frame f : r.frames()) {
                    if (f.camera() == cam.camera() && !f.cancelled()
                            && f.completedUs() > window[0] && f.completedUs() < window[1]) {
                        times.add(f.completedUs());
                    }
                }
                times.add(window[1]);
                times.sort(null);
                for (int i = 1; i < times.size(); i++) {
                    long from = times.get(i - 1);
                    long to = times.get(i);
                    if (to - from <= b.isolationUs()) {
                        continue;
                    }
                    SyncCall culprit = blockingCallDuring(r, cam.camera(), from, to);
                    if (culprit != null) {
                        w.add("camera " + cam.camera() + " completed no request from " + ms(from) + " to " + ms(to)
                                + " (" + ms(to - from) + ", bound " + ms(b.isolationUs()) + ") while "
                                + culprit.label() + " was in flight");
                        break;
                    }
                }
            }
        }
        return Verdict.of(name(), w, situations);
    }

    /** How many sync calls of other cameras overlap [from, to]. */
    private static int callsOfOthersDuring(Recording r, int camera, long from, long to) {
        int n = 0;
        for (SyncCall c : r.syncCalls()) {
            long end = c.returned() ? c.returnUs() : r.endUs();
            if (c.camera() != camera && c.sendUs() < to && end > from) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether {@code thread} was in its event loop's poll at any moment of [from, to]. A poll of
     * one fd (a poll-one sync call waiting on its own socket) does not count: it serves no other
     * camera.
     */
    private static boolean polled(Recording r, String thread, long from, long to) {
        for (Recording.Poll p : r.polls()) {
            long unblock = p.unblockUs() < 0 ? r.endUs() : p.unblockUs();
            if (p.thread().equals(thread) && !p.oneFd() && p.blockUs() < to && unblock > from) {
                return true;
            }
        }
        return false;
    }

    /** [start returned, next stop sent or the end] for each successful start of {@code camera}. */
    static List<long[]> streamingWindows(Recording r, int camera) {
        List<long[]> out = new ArrayList<>();
        long from = -1;
        for (SyncCall c : r.syncCallsOf(camera)) {
            if (c.command().equals("start") && c.returned() && c.status() != null && c.status() == 0) {
                from = c.returnUs();
            } else if (c.command().equals("stop") && from >= 0) {
                out.add(new long[] {from, c.sendUs()});
                from = -1;
            }
        }
        if (from >= 0) {
            out.add(new long[] {from, r.endUs()});
        }
        return out;
    }

    /**
     * Of the other cameras' sync calls overlapping [from, to] during which their thread never
     * entered poll, the one overlapping longest; null if there is none.
     */
    private static SyncCall blockingCallDuring(Recording r, int camera, long from, long to) {
        SyncCall longest = null;
        long most = 0;
        for (SyncCall c : r.syncCalls()) {
            long end = c.returned() ? c.returnUs() : r.endUs();
            long start = Math.max(c.sendUs(), from);
            long stop = Math.min(end, to);
            long overlap = stop - start;
            if (c.camera() != camera && overlap > most && !polled(r, c.thread(), start, stop)) {
                longest = c;
                most = overlap;
            }
        }
        return longest;
    }
}
