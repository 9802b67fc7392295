package org.ipcsync.scenario.property;

import static org.ipcsync.scenario.property.Properties.ms;

import java.util.List;
import org.ipcsync.scenario.Bounds;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.AsyncSend;
import org.ipcsync.scenario.Recording.CameraInfo;
import org.ipcsync.scenario.Recording.Delivery;
import org.ipcsync.scenario.Recording.Note;

/**
 * Nothing is silently lost: no pipe reports a dropped message, and every processStats that was
 * sent gets its metadataReady handled by the end. The second half is judged only where loss
 * cannot have another cause: a scenario that ended normally, on cameras whose IPA runs without
 * faults and whose worker did not exit. Situation: a processStats judged that way (the dropped
 * notes need none: any drop is a violation).
 */
public final class NoMessageLoss implements Property {
    @Override
    public String name() {
        return "NoMessageLoss";
    }

    @Override
    public String meaning() {
        return "no message is dropped, and every processStats sent is answered by metadataReady";
    }

    @Override
    public Verdict judge(Recording r, Bounds b) {
        List<String> w = Properties.list();
        int situations = 0;
        for (Note n : r.notes()) {
            if (n.kind().equals(Note.DROPPED)) {
                w.add("camera " + n.camera() + ": pipe dropped a message at " + ms(n.us()) + ": " + n.text());
            }
        }
        if (!r.hung() && r.abortUs() < 0) {
            for (CameraInfo cam : r.cameras()) {
                if (cam.ipaFaulty() || workerExited(r, cam.camera())) {
                    continue;
                }
                for (AsyncSend s : r.asyncSends()) {
                    boolean judged = s.camera() == cam.camera() && s.status() == 0
                            && s.command().equals("processStats");
                    if (judged) {
                        situations++;
                    }
                    if (judged && !answered(r, s)) {
                        w.add("camera " + cam.camera() + ": processStats for frame " + s.frame() + " (cookie "
                                + s.cookie() + ") sent at " + ms(s.sendUs()) + " never answered by metadataReady");
                    }
                }
            }
        }
        return Verdict.of(name(), w, situations);
    }

    private static boolean workerExited(Recording r, int camera) {
        return r.notes().stream().anyMatch(n -> n.camera() == camera && n.kind().equals(Note.WORKER_EXITED)
                && n.us() <= r.endUs());
    }

    private static boolean answered(Recording r, AsyncSend s) {
        for (Delivery d : r.deliveries()) {
            if (d.camera() == s.camera() && d.event().equals("metadataReady") && d.arg0() == s.frame()) {
                return true;
            }
        }
        return false;
    }
}
