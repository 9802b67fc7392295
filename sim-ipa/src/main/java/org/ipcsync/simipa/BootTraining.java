package org.ipcsync.simipa;

import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.wire.IPCMessage;
import org.ipcsync.wire.IPCUnixSocket;

/**
 * One sim-ipa lifetime in a single JVM, for {@code sim-ipa/bin/prepare-cds} to record which
 * classes a worker loads (the class list its class-data-sharing archive is dumped from): the
 * pipeline's end of a socket pair queues an {@code init} and an {@code Exit}, then the worker's
 * ordinary entry point runs on the other end, boots, answers init and exits on Exit. Never used
 * by a scenario. Runs on the main thread.
 */
public final class BootTraining {
    private BootTraining() {}

    public static void main(String[] args) throws Exception {
        IPCUnixSocket pipeline = new IPCUnixSocket(IPCUnixSocket.Framing.SAFE, IPCUnixSocket.Reader.STRICT);
        int workerFd = pipeline.create();
        send(pipeline, new IPCMessage(IpaCommand.INIT.code, 0, IpaCodec.u32s(0)));
        send(pipeline, new IPCMessage(IpaCommand.EXIT.code, 1, new byte[0]));
        // The libcamera unixsocket test's IPA is the other module a worker can be started with.
        Class.forName(UnixSocketTestIpa.class.getName());
        SimIpaMain.main(new String[] {SimIpa.PROFILE_PREFIX, Integer.toString(workerFd)});
    }

    private static void send(IPCUnixSocket socket, IPCMessage message) {
        int ret = socket.send(new IPCUnixSocket.Payload(message.toBytes(), message.fds()));
        if (ret != 0) {
            throw new IllegalStateException("training message not sent: " + ret);
        }
    }
}
