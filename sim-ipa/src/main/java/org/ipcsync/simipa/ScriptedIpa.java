package org.ipcsync.simipa;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.ipcsync.ipa.CommandScript;
import org.ipcsync.ipa.IpaCodec;
import org.ipcsync.ipa.IpaCommand;
import org.ipcsync.ipa.IpaEvent;
import org.ipcsync.ipa.IpaProfile;
import org.ipcsync.os.Libc;
import org.ipcsync.wire.IPCMessage;

/**
 * The kit's IPA ({@link IpaCommand}, layouts in {@link IpaCodec}) behaving as its
 * {@link IpaProfile} says. Per call of a command, in this order: the latency (the handler blocks
 * the worker, as a busy IPA does), an exit or kill fault, the scripted events before, the main
 * message (a sync command's reply; for queueRequest/processStats the event they cause), the
 * events after. A hang sends the events before and then blocks the worker for good, as an IPA
 * method that never returns blocks libcamera's worker loop: no later request is read or answered,
 * Exit included, until the proxy's SIGKILL (the specs' IPA answers in order or never, so a worker
 * that skipped one reply and went on would be outside them); wrong-cookie adds one to the
 * main message's cookie; truncated replaces it with a well-framed 1..7-byte message; garbage
 * with a header announcing 16 bytes more than the data datagram that follows.
 *
 * <p>Sync replies are {@code status}, followed by {@code crc32, bytesRead} for each received fd
 * (whole file) when the command's script has {@code checksum}. Malformed arguments get status
 * -EINVAL. Threads: the worker's main thread only.
 */
final class ScriptedIpa {
    private final WorkerLink link;
    private final IpaProfile profile;
    private final Random random;
    private final Map<IpaCommand, Integer> calls = new EnumMap<>(IpaCommand.class);

    ScriptedIpa(WorkerLink link, IpaProfile profile) {
        this.link = link;
        this.profile = profile;
        this.random = profile.newRandom();
    }

    void handle(IPCMessage message) {
        try {
            IpaCommand command = IpaCommand.fromCode(message.header().cmd());
            if (command == null) {
                WorkerLink.log("unknown command " + Integer.toUnsignedString(message.header().cmd()));
            } else if (command == IpaCommand.EXIT) {
                link.stop(0);
            } else {
                run(command, message);
            }
        } finally {
            message.closeFds();
        }
    }

    private void run(IpaCommand command, IPCMessage request) {
        int call = calls.merge(command, 1, Integer::sum);
        CommandScript script = profile.script(command);
        CommandScript.Fault fault = script.faultAt(call);
        busy(script.latency().millis(call - 1, random));
        if (fault == CommandScript.Fault.EXIT) {
            WorkerLink.log(command.methodName() + " call " + call + ": scripted exit");
            Runtime.getRuntime().halt(3);
        }
        if (fault == CommandScript.Fault.KILL) {
            WorkerLink.log(command.methodName() + " call " + call + ": scripted SIGKILL");
            Libc.kill(Libc.getpid(), Libc.SIGKILL);
        }
        int cookie = request.header().cookie();
        for (int i = 0; i < script.eventsBefore(); i++) {
            link.send(event(IpaEvent.PARAMS_READY, cookie, i));
        }
        if (fault == CommandScript.Fault.HANG) {
            WorkerLink.log(command.methodName() + " call " + call + ": scripted hang, the worker reads nothing more");
            link.hang();
        }
        IPCMessage main = main(command, request, script);
        if (main == null) {
            return;
        }
        if (fault == CommandScript.Fault.WRONG_COOKIE) {
            main = new IPCMessage(new IPCMessage.Header(main.header().cmd(), cookie + 1), main.data(), new int[0]);
        }
        if (fault == CommandScript.Fault.TRUNCATED) {
            byte[] stub = new byte[1 + random.nextInt(IPCMessage.HEADER_SIZE - 1)];
            random.nextBytes(stub);
            link.sendBytes(stub);
        } else if (fault == CommandScript.Fault.GARBAGE) {
            byte[] data = main.toBytes();
            link.sendDatagram(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length + 16).array());
            link.sendDatagram(data);
        } else {
            link.send(main);
        }
        for (int i = 0; i < script.eventsAfter(); i++) {
            link.send(event(IpaEvent.PARAMS_READY, cookie, script.eventsBefore() + i));
        }
    }

    /** The reply of a sync command, or the event an async one causes; null if there is none. */
    private IPCMessage main(IpaCommand command, IPCMessage request, CommandScript script) {
        byte[] args = request.data();
        int[] fds = request.fds();
        try {
            switch (command) {
                case QUEUE_REQUEST: {
                    int frame = IpaCodec.readU32s(args, 1)[0];
                    return event(IpaEvent.PARAMS_READY, frame, 0);
                }
                case PROCESS_STATS: {
                    int[] a = IpaCodec.readU32s(args, 3);
                    if (fds.length != 1) {
                        throw new IllegalArgumentException("processStats needs one buffer fd, got " + fds.length);
                    }
                    byte[] bytes = FdContents.read(fds[0], a[2]);
                    return event(IpaEvent.METADATA_READY, a[0], FdContents.crc32(bytes), bytes.length);
                }
                default:
                    checkArguments(command, args);
                    return reply(request, 0, script.checksum() ? fds : new int[0]);
            }
        } catch (IllegalArgumentException e) {
            WorkerLink.log("bad arguments for " + command.methodName() + ": " + e.getMessage());
            return command.sync ? reply(request, -Libc.EINVAL, new int[0]) : null;
        }
    }

    private static void checkArguments(IpaCommand command, byte[] args) {
        switch (command) {
            case INIT -> IpaCodec.readU32s(args, 1);
            case CONFIGURE -> IpaCodec.readU32s(args, 2);
            case MAP_BUFFERS, UNMAP_BUFFERS -> IpaCodec.readU32s(args, 1 + IpaCodec.readU32s(args, 1)[0]);
            default -> { }
        }
    }

    private static IPCMessage reply(IPCMessage request, int status, int[] checksummed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(IpaCodec.status(status));
        for (int fd : checksummed) {
            byte[] bytes = FdContents.readAll(fd);
            out.writeBytes(IpaCodec.u32s(FdContents.crc32(bytes), bytes.length));
        }
        return new IPCMessage(request.header(), out.toByteArray(), new int[0]);
    }

    private static IPCMessage event(IpaEvent event, int... args) {
        return new IPCMessage(event.code, 0, IpaCodec.u32s(args));
    }

    private static void busy(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // the scripted latency: a busy IPA blocks its worker
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
