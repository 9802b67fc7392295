package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bad flags are refused before any check starts. */
class VerifyCommandTest {
    private final VerifyCommand verify = new VerifyCommand();

    @Test
    void unknownOptionsAndBadValuesAreRefusedWithTheirName() {
        assertThatThrownBy(() -> verify.run(new String[] {"--fast"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option '--fast'");
        assertThatThrownBy(() -> verify.run(new String[] {"--budget", "zero"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("--budget needs a number");
        assertThatThrownBy(() -> verify.run(new String[] {"--budget", "0"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("between 1 and 10000");
        assertThatThrownBy(() -> verify.run(new String[] {"--vivid", "9"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("2 to 4 devices");
        assertThatThrownBy(() -> verify.run(new String[] {"--devices", "/dev/video-none,/dev/video-none2"}))
                .isInstanceOf(UsageException.class).hasMessageContaining("no such device node: /dev/video-none");
        assertThatThrownBy(() -> verify.run(new String[] {"--devices", "/dev/null"})).isInstanceOf(UsageException.class)
                .hasMessageContaining("at least two nodes");
    }
}
