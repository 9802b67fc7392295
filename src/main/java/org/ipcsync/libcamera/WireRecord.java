package org.ipcsync.libcamera;

import java.util.HexFormat;
import org.ipcsync.wire.IPCMessage;

/**
 * One data datagram as the golden comparison sees it: what kind of message it was, {cmd, cookie},
 * the datagram's length (8-byte header plus arguments), how many fds rode with it, and the
 * argument bytes. Immutable.
 */
public record WireRecord(Kind kind, int cmd, int cookie, int length, int fds, byte[] args) {
    /** The kinds, named as the capture names them; the first two go to the IPA, the others come from it. */
    public enum Kind {
        SYNC_CALL("sync-call", true),
        ASYNC("async", true),
        REPLY("reply", false),
        EVENT("event", false);

        public final String label;
        public final boolean toIpa;

        Kind(String label, boolean toIpa) {
            this.label = label;
            this.toIpa = toIpa;
        }

        static Kind byLabel(String label) {
            for (Kind k : values()) {
                if (k.label.equals(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown message kind '" + label + "'");
        }
    }

    public WireRecord {
        args = args.clone();
    }

    static WireRecord of(Kind kind, IPCMessage message) {
        byte[] args = message.data();
        return new WireRecord(kind, message.header().cmd(), message.header().cookie(),
                IPCMessage.HEADER_SIZE + args.length, message.fds().length, args);
    }

    @Override
    public byte[] args() {
        return args.clone();
    }

    @Override
    public String toString() {
        return (kind.toIpa ? "lc->ipa " : "ipa->lc ") + kind.label + " cmd " + cmd + " cookie "
                + Integer.toUnsignedString(cookie) + " len " + length + " fds " + fds + " args "
                + HexFormat.of().formatHex(args);
    }
}
