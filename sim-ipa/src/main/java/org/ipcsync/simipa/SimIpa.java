package org.ipcsync.simipa;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.worker.WorkerCommand;

/**
 * How the pipeline side launches sim-ipa. The module path (argv[1]) selects what it simulates:
 * <ul>
 *   <li>{@code sim-ipa:<profile text>} — the kit's IPA scripted by that {@link IpaProfile}
 *       (empty text: the fast profile);</li>
 *   <li>{@code unixsocket_ipc} or the empty string (what libcamera's own test passes) —
 *       libcamera's {@code unixsocket_ipc} test protocol, see {@link UnixSocketTestIpa};</li>
 *   <li>anything else — a file holding profile text, like a real module path names a file.</li>
 * </ul>
 * The launcher is {@code sim-ipa/bin/sim-ipa} in the repository this class was loaded from, or
 * the {@code ipcsync.simipa.launcher} system property. Stateless; safe from any thread.
 */
public final class SimIpa {
    public static final String PROFILE_PREFIX = "sim-ipa:";
    public static final String UNIXSOCKET_TEST_MODULE = "unixsocket_ipc";

    private SimIpa() {}

    /** The worker command for the kit's IPA running {@code profile}. */
    public static WorkerCommand command(IpaProfile profile) {
        return new WorkerCommand(launcher().toString(), PROFILE_PREFIX + profile.format());
    }

    /** The worker command for libcamera's unixsocket_ipc test protocol (plus the fd echo command). */
    public static WorkerCommand unixSocketTestCommand() {
        return new WorkerCommand(launcher().toString(), UNIXSOCKET_TEST_MODULE);
    }

    /** The sim-ipa launcher script. */
    public static Path launcher() {
        String configured = System.getProperty("ipcsync.simipa.launcher");
        if (configured != null) {
            return Path.of(configured);
        }
        Path script = repository().resolve("sim-ipa/bin/sim-ipa");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("sim-ipa launcher not found at " + script
                    + " (set -Dipcsync.simipa.launcher)");
        }
        return script;
    }

    /** The repository root: classes are loaded from {@code <repo>/target/classes}. */
    public static Path repository() {
        try {
            Path classes = Path.of(SimIpa.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the kit's repository", e);
        }
    }
}
