package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 Part 2 for real: boots the vimc lab (Debian's kernel, vimc.ko built out of tree) and
 * runs Debian's cam 0.0.3 three times with the IPA isolated and the kit's stand-in worker found
 * through LIBCAMERA_IPA_PROXY_PATH. Needs the lab's prerequisites and libcamera's packages
 * ({@code .ci/libcamera} installs them); run with {@code mvn surefire:test -Plibcamera-lab}.
 */
@Tag("libcamera-lab")
class CamLabLabTest {
    @Test
    void realCamThroughTheKitsWorkerSide() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/cam")), "libcamera-tools is installed by .ci/libcamera");
        Path out = Path.of("target", "libcamera-lab").toAbsolutePath();
        CamLab.Result r = CamLab.run(out, Duration.ofMinutes(8));
        Map<String, CamLab.CamRun> runs = r.runs();
        System.out.println("libcamera lab: " + r.labMillis() + " ms; " + r.timings());
        runs.values().forEach(c -> System.out.println(c.name() + ": exit " + c.status() + ", " + c.frames()
                + " frames, " + c.millis() + " ms"));

        // (a) A normal capture through the stand-in, which became Debian's worker.
        CamLab.CamRun normal = runs.get("normal");
        assertThat(normal.status()).as(String.join("\n", normal.log())).isZero();
        assertThat(normal.frames()).isEqualTo(CamLab.FRAMES);
        assertThat(normal.standinLine("exec /usr/lib/x86_64-linux-gnu/libcamera/vimc_ipa_proxy")).isNotNull();

        // (b) init answered after 3 s: timeout, the late reply on the event path, abort.
        CamLab.CamRun slow = runs.get("slow-init");
        assertThat(slow.line("Call timeout!")).as(String.join("\n", slow.log())).isNotNull();
        assertThat(slow.line("paramsBufferReadyIPC")).isNotNull();
        assertThat(slow.status()).isEqualTo(134);

        // (c) worker killed while init waits: noticed only at the 2 s timeout, then the sends fail.
        CamLab.CamRun kill = runs.get("kill-init");
        assertThat(kill.line("Call timeout!")).as(String.join("\n", kill.log())).isNotNull();
        assertThat(kill.line("Connection refused")).isNotNull();
        assertThat(kill.status()).isNotZero();

        Map<String, CamLab.Witness> w = CamLab.properties(runs);
        assertThat(w.get("NoStaleReplyAsEvent").verdict()).isEqualTo("violated");
        assertThat(w.get("PromptErrorOnExit").verdict()).isEqualTo("violated");
        assertThat(w.get("BoundedReturn").verdict()).isEqualTo("holds");
    }
}
