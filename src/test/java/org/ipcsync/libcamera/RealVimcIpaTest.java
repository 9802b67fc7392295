package org.ipcsync.libcamera;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Part 1 of issue 13: every pipe design drives Debian's unmodified {@code vimc_ipa_proxy} and
 * {@code ipa_vimc.so} through the vimc IPA's real protocol, and its messages match the capture.
 */
@Tag("libcamera")
class RealVimcIpaTest extends RealWorkerTest {
    @ParameterizedTest
    @MethodSource("designs")
    void theRealProtocolPassesAndMatchesTheCapture(String design) {
        VimcSession.Result[] run = new VimcSession.Result[1];
        String output = report(log -> run[0] = new VimcSession(VimcWorker.debian()).run(DesignCatalog.pipe(design), log), design);
        VimcSession.Result result = run[0];
        result.wire().forEach(w -> System.out.println("  " + w));
        assertThat(result.passed()).as(output).isTrue();
        assertThat(result.golden().compared()).isEqualTo(GoldenCapture.load().size());
        assertThat(result.golden().differences()).isEmpty();
        assertThat(result.golden().explained()).hasSize(VimcSession.FRAMES);
        assertNothingLeft();
    }
}
