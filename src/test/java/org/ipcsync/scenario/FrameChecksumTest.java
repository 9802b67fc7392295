package org.ipcsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ipcsync.catalog.DesignCatalog;
import org.junit.jupiter.api.Test;

/** Every frame the IPA answers is checksummed twice: by the IPA through the exported fd, by the pipeline through the device. */
class FrameChecksumTest {
    @Test
    void theIpaAndThePipelineSeeTheSameBytesOfEveryFrame() {
        Recording r = ScenarioRunner.run(Scenario.parse("cameras=2 run=300 stop-all"), RunConfig.of(DesignCatalog.pipe("threaded"), 3, 0.2));
        List<Recording.Frame> checked = r.frames().stream().filter(f -> f.checksum() != null).toList();
        assertThat(checked).as("frames answered by the IPA").isNotEmpty();
        assertThat(checked).allSatisfy(f -> {
            assertThat(f.checksum().matches()).as("frame %d of camera %d: %s", f.frame(), f.camera(), f.checksum())
                    .isTrue();
            assertThat(f.checksum().bytesUsed()).isPositive();
        });
        assertThat(Recording.fromJson(r.toJson()).frames()).isEqualTo(r.frames());
    }
}
