package org.ipcsync.libcamera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ipcsync.testing.Leaks;

/**
 * The fds a run against the real worker could leave open: the pipes' AF_UNIX datagram sockets and
 * the parameter buffers' memfds. Stream sockets are left out: one AF_UNIX stream socket, with no
 * visible peer, appears once per JVM during the first late-init run and never again in that JVM
 * (its origin is not identified; the kit creates no stream sockets on this path, only datagram
 * socketpairs).
 */
final class PipeFds {
    /** What the parameter buffers' memfds link to in /proc/self/fd. */
    static final String MEMFD = "/memfd:ipcsync-vimc-params";

    private PipeFds() {}

    static Map<String, String> open() {
        Map<String, String> fds = Leaks.openSocketsAnd(MEMFD);
        Set<String> datagrams = datagramInodes();
        fds.values().removeIf(t -> t.startsWith("socket:") && !datagrams.contains(t.replaceAll("\\D", "")));
        return fds;
    }

    /** Inodes of AF_UNIX datagram sockets (type 0002 in /proc/net/unix). */
    private static Set<String> datagramInodes() {
        try {
            return Files.readAllLines(Path.of("/proc/net/unix")).stream().skip(1)
                    .map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length >= 7 && f[4].equals("0002"))
                    .map(f -> f[6]).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
