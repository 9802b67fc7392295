package org.ipcsync.scenario;

import java.util.Map;
import org.ipcsync.os.Errno;
import org.ipcsync.scenario.property.Verdict;

/** Renders a recording as text: per camera, its sync calls and frame count; then application calls. Stateless. */
public final class Timeline {
    private Timeline() {}

    private static String ms(long us) {
        return us < 0 ? "-" : String.format("%.1f", us / 1000.0);
    }

    public static String format(Recording r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("design %s  seed %d  scale %s  timeout %s ms  frame period %s ms%n", r.design(), r.seed(),
                r.scale(), ms(r.timeoutUs()), ms(r.framePeriodUs())));
        s.append("scenario: ").append(r.scenario()).append('\n');
        s.append(String.format("ended at %s ms%s%s%n", ms(r.endUs()), r.hung() ? "  (WATCHDOG: hung)" : "",
                r.abortUs() >= 0 ? "  (ABORT: libcamera's proxy would abort the process here; nothing later is judged)"
                        : ""));
        for (Recording.CameraInfo cam : r.cameras()) {
            long frames = r.frames().stream().filter(f -> f.camera() == cam.camera() && !f.cancelled()).count();
            long mismatched = r.frames().stream().filter(f -> f.camera() == cam.camera() && f.checksum() != null
                    && f.checksum().verified() && !f.checksum().matches()).count();
            s.append(String.format("%ncamera %d  ipa '%s'%s  %d requests completed%s%n", cam.camera(), cam.profile(),
                    cam.deviceFaults().isEmpty() ? "" : "  device faults " + cam.deviceFaults(), frames,
                    mismatched == 0 ? "" : "  CHECKSUM MISMATCH on " + mismatched + " frames"));
            s.append(String.format("  %-4s %-13s %6s %5s %10s %10s %10s %10s  %s%n", "#", "call", "cookie", "depth",
                    "sent", "reply", "returned", "deadline", "outcome"));
            for (Recording.SyncCall c : r.syncCallsOf(cam.camera())) {
                String outcome = c.status() == null ? "PENDING"
                        : c.status() == 0 ? "ok" : c.status() + " " + Errno.name(-c.status());
                if (c.enclosing() >= 0) {
                    outcome += "  nested in #" + c.enclosing();
                }
                if (c.sleptAfterCompletionUs() >= 0) {
                    outcome += "  slept " + ms(c.sleptAfterCompletionUs()) + " ms in poll after completion";
                }
                if (c.replyUs() >= 0 && c.replyCmd() != c.cmd()) {
                    outcome += "  reply had cmd " + c.replyCmd();
                }
                if (c.heldUs() > 0) {
                    outcome += "  wait ended " + ms(c.waitEndUs()) + ", held up to " + ms(c.heldUs()) + " ms";
                }
                s.append(String.format("  %-4s %-13s %6d %5d %10s %10s %10s %10s  %s%n", "#" + c.id(), c.command(),
                        c.cookie(), c.depth(), ms(c.sendUs()), ms(c.replyUs()), ms(c.returnUs()), ms(c.deadlineUs()),
                        outcome));
            }
        }
        s.append(String.format("%napplication calls%n  %-18s %-10s %-6s %10s %10s %10s %5s  %s%n", "thread", "operation",
                "camera", "posted", "dispatched", "returned", "depth", "outcome"));
        for (Recording.AppCall a : r.appCalls()) {
            s.append(String.format("  %-18s %-10s %-6d %10s %10s %10s %5d  %s%n", shortThread(a.thread()), a.operation(),
                    a.camera(), ms(a.postUs()), ms(a.beginUs()), ms(a.returnUs()), a.depth(),
                    a.outcome() == null ? "PENDING" : a.outcome()));
        }
        for (Recording.Note n : r.notes()) {
            s.append(String.format("  note %-13s camera %d at %s ms: %s%n", n.kind(), n.camera(), ms(n.us()), n.text()));
        }
        if (r.dump() != null) {
            s.append('\n').append(r.dump());
        }
        return s.toString();
    }

    public static String verdicts(Map<String, Verdict> verdicts) {
        StringBuilder s = new StringBuilder("\nproperties\n");
        verdicts.values().forEach(v -> s.append("  ").append(v).append('\n'));
        return s.toString();
    }

    private static String shortThread(String name) {
        int dash = name.indexOf("-camera-manager-");
        return dash < 0 ? name : name.substring(0, dash);
    }
}
