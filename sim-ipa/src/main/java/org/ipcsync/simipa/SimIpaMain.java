package org.ipcsync.simipa;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.wire.IPCMessage;

/**
 * sim-ipa's entry point: {@code SimIpaMain <module path> <fd>}, argv as libcamera's proxy worker
 * gets it; {@link SimIpa} documents what the module path selects. Exit status: 0 after Exit,
 * 1 when the pipeline side is gone, 2 for bad arguments, 3 for a scripted exit fault.
 */
public final class SimIpaMain {
    private SimIpaMain() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            WorkerLink.log("usage: sim-ipa <module path> <fd>");
            System.exit(2);
        }
        int status;
        try {
            WorkerLink link = new WorkerLink(Integer.parseInt(args[1]));
            status = link.run(handler(args[0], link));
        } catch (IOException | IllegalArgumentException e) {
            WorkerLink.log("cannot start: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    private static Consumer<IPCMessage> handler(String module, WorkerLink link) throws IOException {
        if (module.isEmpty() || module.equals(SimIpa.UNIXSOCKET_TEST_MODULE)) {
            return new UnixSocketTestIpa(link)::handle;
        }
        String profile = module.startsWith(SimIpa.PROFILE_PREFIX)
                ? module.substring(SimIpa.PROFILE_PREFIX.length())
                : Files.readString(Path.of(module));
        return new ScriptedIpa(link, IpaProfile.parse(profile))::handle;
    }
}
