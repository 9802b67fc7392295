package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.testing.KitRun;
import org.junit.jupiter.api.Test;

/** `./kit real-ipa` flags; the runs themselves are the libcamera-tagged tests of org.ipcsync.libcamera. */
class RealIpaCommandTest {
    @Test
    void badFlagsAreUsageErrors() {
        KitRun unknown = KitRun.of("real-ipa", "--design", "polled");
        assertThat(unknown.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.reason()).contains("unknown design", "(designs: " + String.join(", ", org.ipcsync.catalog.DesignCatalog.pipeNames()) + ")");
        KitRun extra = KitRun.of("real-ipa", "--frames");
        assertThat(extra.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(extra.err()).contains("Usage: ./kit real-ipa");
    }
}
