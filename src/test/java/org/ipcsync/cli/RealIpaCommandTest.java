package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** `./kit real-ipa` flags; the runs themselves are the libcamera-tagged tests of org.ipcsync.libcamera. */
class RealIpaCommandTest {
    @Test
    void badFlagsAreUsageErrors() {
        assertThatThrownBy(() -> new RealIpaCommand().run(new String[] {"--design", "polled"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("[nested, threaded]");
        assertThatThrownBy(() -> new RealIpaCommand().run(new String[] {"--frames"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("usage");
    }
}
