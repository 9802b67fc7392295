package org.ipcsync.simipa;

import java.io.IOException;
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
 * Two workers implement this contract. The Java one, {@link SimIpaMain}, is the reference; its
 * launcher is {@code sim-ipa/bin/sim-ipa} in the repository this class was loaded from, or the
 * {@code ipcsync.simipa.launcher} system property. The native one, {@code sim-ipa/c/sim_ipa.c}
 * built by {@link CPrograms}, behaves message for message the same (SimIpaConformanceTest) and is
 * idle in its loop within milliseconds where a JVM takes hundreds, which is most of a scenario
 * campaign's time. {@link #command(IpaProfile)} uses the native worker unless
 * {@code -Dipcsync.simipa.worker=java}, an explicit {@code ipcsync.simipa.launcher}, or a failed
 * build (no gcc) says otherwise; libcamera's unixsocket_ipc protocol always runs on the Java one.
 * Safe from any thread.
 */
public final class SimIpa {
    public static final String PROFILE_PREFIX = "sim-ipa:";
    public static final String UNIXSOCKET_TEST_MODULE = "unixsocket_ipc";
    /** {@code java} or {@code native} (the default): which worker {@link #command(IpaProfile)} starts. */
    public static final String WORKER_PROPERTY = "ipcsync.simipa.worker";
    private static final String LAUNCHER_PROPERTY = "ipcsync.simipa.launcher";

    /** The two implementations of the worker contract. */
    public enum Worker {
        JAVA, NATIVE;

        /** The name {@code -Dipcsync.simipa.worker} and {@code --worker} take. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** Parses {@code java} or {@code native}; throws IllegalArgumentException naming both. */
        public static Worker parse(String text) {
            for (Worker w : values()) {
                if (w.label().equals(text)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown sim-ipa worker '" + text + "' (java or native)");
        }
    }

    /** The native binary once built; {@code nativeFailure} once a build failed (never retried). */
    private static Path nativeBinary;
    private static String nativeFailure;

    private SimIpa() {}

    /** The worker command for the kit's IPA running {@code profile}, on the configured worker. */
    public static WorkerCommand command(IpaProfile profile) {
        return command(profile, configuredWorker());
    }

    /**
     * The worker command for {@code profile} on {@code worker}. An explicit
     * {@code ipcsync.simipa.launcher} always wins (it names the launcher to run, for example one
     * that is missing on purpose); the native worker falls back to the Java one when it cannot
     * be built.
     */
    public static WorkerCommand command(IpaProfile profile, Worker worker) {
        String module = PROFILE_PREFIX + profile.format();
        if (worker == Worker.NATIVE && System.getProperty(LAUNCHER_PROPERTY) == null) {
            Path binary = nativeWorker();
            if (binary != null) {
                return new WorkerCommand(binary.toString(), module);
            }
        }
        return new WorkerCommand(launcher().toString(), module);
    }

    /** {@code -Dipcsync.simipa.worker}: native unless it says java; anything else is an error. */
    public static Worker configuredWorker() {
        String value = System.getProperty(WORKER_PROPERTY);
        if (value == null || value.isBlank()) {
            return Worker.NATIVE;
        }
        try {
            return Worker.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + WORKER_PROPERTY + "=" + value + ": " + e.getMessage());
        }
    }

    /**
     * The native worker's binary, built on first use; null (after one warning on stderr) when gcc
     * cannot build it, so that a machine without a C compiler runs the Java worker.
     */
    public static synchronized Path nativeWorker() {
        if (nativeBinary != null || nativeFailure != null) {
            return nativeBinary;
        }
        try {
            nativeBinary = CPrograms.build("sim_ipa");
        } catch (IOException e) {
            nativeFailure = e.getMessage();
            System.err.println("ipcsync: the native sim-ipa could not be built, scripted profiles run on the Java"
                    + " worker: " + nativeFailure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return nativeBinary;
    }

    /** The worker command for libcamera's unixsocket_ipc test protocol (plus the fd echo command). */
    public static WorkerCommand unixSocketTestCommand() {
        return new WorkerCommand(launcher().toString(), UNIXSOCKET_TEST_MODULE);
    }

    /** The sim-ipa launcher script. */
    public static Path launcher() {
        String configured = System.getProperty(LAUNCHER_PROPERTY);
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
