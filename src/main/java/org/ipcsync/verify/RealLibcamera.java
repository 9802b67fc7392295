package org.ipcsync.verify;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.ipcsync.libcamera.CamLab;
import org.ipcsync.libcamera.RealIpa;
import org.ipcsync.libcamera.VimcWorker;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.report.Summary;
import org.ipcsync.report.Verdicts;

/**
 * {@code ./kit verify --libcamera}: issue 13 in the report. Part 1 (the kit's pipes against
 * Debian's real vimc worker, per design, on the host) and Part 2 (Debian's cam on vimc in the
 * QEMU lab with the kit's stand-in worker, {@link CamLab}) give summary.json's {@code libcamera}
 * object. A witnessed violation the model proves impossible for libcamera's own design (nested)
 * is a problem, as is a normal capture that did not deliver its frames.
 */
final class RealLibcamera {
    static final Duration LAB_TIMEOUT = Duration.ofMinutes(10);

    /** The catalog's design that libcamera 0.0.3 itself implements: the real cam is judged against its model. */
    private static final String UPSTREAM = DesignCatalog.get("nested").name();

    private RealLibcamera() {}

    static Map<String, Object> run(Path reports, List<ModelVerdict> model, BiConsumer<String, String> progress,
            Consumer<Summary.Step> steps, Consumer<String> problems) throws Exception {
        String version = CamLab.installedVersion();
        if (version == null) {
            problems.accept("libcamera: Debian's libcamera0.0.3 is not installed (.ci/libcamera installs it)");
            return null;
        }
        long t0 = System.nanoTime();
        VimcWorker worker = VimcWorker.debian();
        Map<String, Object> realIpa = null;
        if (worker.missing() == null) {
            progress.accept("libcamera", "Part 1: the kit's pipes against Debian's vimc_ipa_proxy, per design");
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            RealIpa part1 = new RealIpa(worker, new PrintStream(lines, true, StandardCharsets.UTF_8));
            boolean ok = part1.run(DesignCatalog.pipes());
            realIpa = part1.outcomes();
            if (!ok) {
                problems.accept("libcamera: real-ipa failed:\n" + lines.toString(StandardCharsets.UTF_8));
            }
            steps.accept(new Summary.Step("libcamera Part 1: real vimc worker per design", seconds(t0), ok ? "PASS" : "FAIL"));
        } else {
            problems.accept("libcamera: " + worker.missing());
        }
        long t1 = System.nanoTime();
        progress.accept("libcamera", "Part 2: cam on vimc in the QEMU lab, normal / slow init / killed worker (about 1 min)");
        CamLab.Result lab = CamLab.run(reports.resolve("libcamera-lab"), LAB_TIMEOUT);
        Map<String, Object> summary = CamLab.summary(version, lab, realIpa);
        CamLab.CamRun normal = lab.runs().get("normal");
        if (normal.status() != 0 || normal.frames() != CamLab.FRAMES) {
            problems.accept("libcamera: cam's normal capture through the stand-in exited " + normal.status() + " with "
                    + normal.frames() + " frames, not 0 with " + CamLab.FRAMES);
        }
        CamLab.properties(lab.runs()).forEach((property, w) -> {
            if (Verdicts.VIOLATED.equals(w.verdict()) && LayerAgreement.violationTlcRefutes(model, UPSTREAM, property)) {
                problems.accept("libcamera: real cam violated " + property + ", which TLC proves holds for " + UPSTREAM);
            }
            progress.accept("libcamera", property + ": " + w.verdict() + " — " + w.evidence().get("observed"));
        });
        steps.accept(new Summary.Step("libcamera Part 2: cam in the vimc lab", seconds(t1),
                "normal " + normal.frames() + " frames exit " + normal.status() + ", slow-init exit "
                        + lab.runs().get("slow-init").status() + ", kill-init exit " + lab.runs().get("kill-init").status()));
        return summary;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
