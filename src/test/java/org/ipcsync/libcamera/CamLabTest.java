package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ipcsync.report.HtmlReport;
import org.ipcsync.report.Summary;
import org.ipcsync.report.SummaryJson;
import org.ipcsync.report.SummaryMarkdown;
import org.junit.jupiter.api.Test;

/**
 * How {@link CamLab} reads the lab's cam runs, on the files of a real run kept as a fixture
 * (src/test/resources/libcamera-lab/runs: Debian's cam 0.0.3 on vimc in the lab, kernel
 * 6.1.0-57-amd64). The lab itself runs in {@link CamLabLabTest}.
 */
class CamLabTest {
    static Path fixture() throws URISyntaxException {
        return Path.of(CamLabTest.class.getResource("/libcamera-lab/runs/normal.status").toURI()).getParent();
    }

    @Test
    void readsFramesStatusAndLogsOfEachRun() throws Exception {
        Map<String, CamLab.CamRun> runs = CamLab.read(fixture());
        assertThat(runs).containsOnlyKeys(CamLab.RUNS);
        assertThat(runs.get("normal").frames()).isEqualTo(10);
        assertThat(runs.get("normal").status()).isZero();
        assertThat(runs.get("slow-init").status()).isEqualTo(134);
        assertThat(runs.get("slow-init").signal()).isEqualTo(6);
        assertThat(runs.get("kill-init").status()).isEqualTo(1);
        assertThat(CamLab.CamRun.libcameraTime("[0:00:16.502351335] [163] ERROR IPCPipe x")).isEqualTo(16.502351335);
        assertThat(CamLab.CamRun.standinTime("[21.314474351] [181] vimc_ipa_proxy stand-in: SIGKILL")).isEqualTo(21.314474351);
    }

    @Test
    void witnessesTheStaleReplyAndTheUnnoticedExit() throws Exception {
        Map<String, CamLab.Witness> w = CamLab.properties(CamLab.read(fixture()));
        assertThat(w).containsOnlyKeys("NoStaleReplyAsEvent", "PromptErrorOnExit", "BoundedReturn");

        CamLab.Witness stale = w.get("NoStaleReplyAsEvent");
        assertThat(stale.verdict()).isEqualTo("violated");
        assertThat(stale.evidence()).containsEntry("tlcCheck", "nested-NoStaleReplyAsEvent-N2")
                .containsEntry("exitStatus", 134).containsEntry("signal", "SIGABRT");
        @SuppressWarnings("unchecked")
        List<String> log = (List<String>) stale.evidence().get("log");
        assertThat(log).anyMatch(l -> l.endsWith("ERROR IPCPipe ipc_pipe_unixsocket.cpp:134 Call timeout!"))
                .anyMatch(l -> l.contains("FATAL default ipa_data_serializer.h:49 assertion \"pos + it < end\" failed in readPOD()"))
                .anyMatch(l -> l.startsWith("libcamera::ipa::vimc::IPAProxyVimc::paramsBufferReadyIPC"));

        CamLab.Witness prompt = w.get("PromptErrorOnExit");
        assertThat(prompt.verdict()).isEqualTo("violated");
        // SIGKILL at 21.314 s, Call timeout! at 22.751 s; init was in the socket at 20.801 s.
        assertThat(prompt.evidence()).containsEntry("tlcCheck", "nested-PromptErrorOnExit-N2")
                .containsEntry("killToTimeoutMs", 1436L).containsEntry("initSeenToTimeoutMs", 1950L);

        assertThat(w.get("BoundedReturn").verdict()).isEqualTo("holds");
        assertThat(w.get("BoundedReturn").evidence()).containsEntry("tlcCheck", "nested-BoundedReturn-N2");
    }

    @Test
    void summaryJsonCarriesTheLibcameraObjectAndTheReportShowsIt() throws Exception {
        CamLab.Result result = new CamLab.Result(CamLab.read(fixture()), 0, 27_800, List.of("total_s=27.8"));
        Map<String, Object> lc = CamLab.summary("0.0.3-6", result, Map.of("nested", Map.of("outcome", "PASS")));
        Summary s = new Summary(new Summary.Run("test", 1.0, Map.of("java", "17"), Map.of("cores", 2),
                Map.of("scenarios", 5L), List.of(), true, List.of()), Map.of(), Map.of(), null, lc);
        Path file = Path.of("target", "camlab-summary.json");
        SummaryJson.write(s, file);
        Summary back = SummaryJson.read(file);
        assertThat(back.libcamera()).containsKeys("version", "properties", "cam", "lab", "realIpa");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) back.libcamera().get("properties");
        assertThat(props).containsKeys("NoStaleReplyAsEvent", "PromptErrorOnExit", "BoundedReturn");

        String html = HtmlReport.render(s, List.of(), List.of());
        assertThat(html).contains("id=\"libcamera\"", "real libcamera 0.0.3", "Call timeout!",
                "nested-NoStaleReplyAsEvent-N2");
        assertThat(SummaryMarkdown.render(s)).contains("## Real libcamera 0.0.3-6", "| NoStaleReplyAsEvent | violated |");
    }
}
