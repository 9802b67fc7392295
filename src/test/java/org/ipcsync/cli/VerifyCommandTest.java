package org.ipcsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.testing.KitRun;
import org.junit.jupiter.api.Test;

/** Bad flags are refused before any check starts: one line and the usage, exit status 2. */
class VerifyCommandTest {
    @Test
    void unknownOptionsAndBadValuesAreRefusedWithTheirName() {
        assertRefused("Unknown option: '--fast'", "--fast");
        assertRefused("Invalid value for option '--budget': 'zero' is not an int", "--budget", "zero");
        assertRefused("--budget must be between 1 and 10000, got 0", "--budget", "0");
        assertRefused("--vivid takes 2 to 4 devices, got 9", "--vivid", "9");
        assertRefused("no such device node: /dev/video-none", "--devices", "/dev/video-none,/dev/video-none2");
        assertRefused("--devices needs at least two nodes", "--devices", "/dev/null");
    }

    @Test
    void defaultsAreTheRunsDefaultsAndTheFlagsOverrideThem() throws Exception {
        VerifyCommand command = new VerifyCommand();
        Kit.commandLine(command, System.out, System.err).parseArgs("--vivid", "--seed", "7", "--budget", "5");
        var o = command.options();
        assertThat(o.vividDevices()).isEqualTo(2);
        assertThat(o.seed()).isEqualTo(7);
        assertThat(o.tries()).isEqualTo(5);
        assertThat(DesignCatalog.implemented()).allSatisfy(e -> assertThat(o.triesFor(e.campaign().orElseThrow()))
                .as(e.name()).isEqualTo(5));
    }

    private static void assertRefused(String reason, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "verify";
        System.arraycopy(args, 0, full, 1, args.length);
        KitRun run = KitRun.of(full);
        assertThat(run.status()).as(run.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.reason()).startsWith("./kit verify: ").contains(reason);
        assertThat(run.err()).contains("Usage: ./kit verify").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }
}
