package org.ipcsync.libcamera;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The real traffic of libcamera 0.0.3's isolated vimc IPA (resource {@code vimc-0.0.3-capture.tsv},
 * 43 messages of a 10-frame {@code cam} capture) and the comparison of a kit run against it:
 * calls and async commands in order, replies by cookie, events in order; for each, cmd, cookie,
 * datagram length, fd count and the argument bytes the capture holds (all of a short message,
 * the first 48 bytes of a long one). Bytes that hold no value in libcamera are set aside and
 * counted as explained: the ControlList header's two reserved words, which libcamera's proxy
 * leaves uninitialised (the capture shows a stack address there). Where events fall between the
 * async commands depends on timing and is not compared. Immutable; safe from any thread.
 */
public final class GoldenCapture {
    static final String RESOURCE = "vimc-0.0.3-capture.tsv";

    /** One captured message. {@code args} holds {@code argsKnown} bytes of its arguments. */
    record Message(int n, WireRecord.Kind kind, String name, int cmd, int cookie, int length, int fds,
            byte[] args) {}

    /** The outcome: how many messages were compared, what differed, what differed for a known reason. */
    public record Comparison(int compared, List<String> differences, List<String> explained) {
        public boolean matches() {
            return differences.isEmpty();
        }
    }

    /** Argument bytes [from, to) of QueueRequest that carry the uninitialised reserved words. */
    static final int RESERVED_FROM = 44;
    static final int RESERVED_TO = 52;

    private final List<Message> messages;

    private GoldenCapture(List<Message> messages) {
        this.messages = List.copyOf(messages);
    }

    public static GoldenCapture load() {
        try (InputStream in = GoldenCapture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing");
            }
            List<Message> messages = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                byte[] args = f[8].equals("-") ? new byte[0] : HexFormat.of().parseHex(f[8]);
                messages.add(new Message(Integer.parseInt(f[0]), WireRecord.Kind.byLabel(f[3]), f[2], Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), args));
            }
            return new GoldenCapture(messages);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return messages.size();
    }

    /** Compares a kit run's records (in the order the proxy sent and received them) with the capture. */
    public Comparison compare(List<WireRecord> kit) {
        List<String> differences = new ArrayList<>();
        List<String> explained = new ArrayList<>();
        List<Message> calls = new ArrayList<>();
        Map<Integer, Message> replies = new TreeMap<>();
        List<Message> events = new ArrayList<>();
        for (Message m : messages) {
            switch (m.kind) {
                case SYNC_CALL, ASYNC -> calls.add(m);
                case REPLY -> replies.put(m.cookie, m);
                case EVENT -> events.add(m);
            }
        }
        List<WireRecord> kitCalls = new ArrayList<>();
        Map<Integer, WireRecord> kitReplies = new TreeMap<>();
        List<WireRecord> kitEvents = new ArrayList<>();
        for (WireRecord w : kit) {
            switch (w.kind()) {
                case SYNC_CALL, ASYNC -> kitCalls.add(w);
                case REPLY -> kitReplies.put(w.cookie(), w);
                case EVENT -> kitEvents.add(w);
            }
        }
        int compared = 0;
        compared += compareLists("call", calls, kitCalls, differences, explained);
        for (Map.Entry<Integer, Message> e : replies.entrySet()) {
            WireRecord w = kitReplies.get(e.getKey());
            if (w == null) {
                differences.add("#" + e.getValue().n + " " + e.getValue().name + ": the kit got no reply with cookie " + e.getKey());
            } else {
                compareOne(e.getValue(), w, differences, explained);
                compared++;
            }
        }
        kitReplies.keySet().stream().filter(c -> !replies.containsKey(c)).forEach(c -> differences.add(
                "the kit got a reply with cookie " + Integer.toUnsignedString(c) + ", the capture has none"));
        compared += compareLists("event", events, kitEvents, differences, explained);
        return new Comparison(compared, List.copyOf(differences), List.copyOf(explained));
    }

    private static int compareLists(String what, List<Message> golden, List<WireRecord> kit, List<String> differences,
            List<String> explained) {
        if (golden.size() != kit.size()) {
            differences.add(what + "s: the capture has " + golden.size() + ", the kit " + kit.size());
        }
        int n = Math.min(golden.size(), kit.size());
        for (int i = 0; i < n; i++) {
            compareOne(golden.get(i), kit.get(i), differences, explained);
        }
        return n;
    }

    private static void compareOne(Message g, WireRecord k, List<String> differences, List<String> explained) {
        String at = "#" + g.n + " " + g.name + ": ";
        if (g.kind != k.kind()) {
            differences.add(at + g.kind.label + " in the capture, " + k.kind().label + " from the kit");
        }
        if (g.cmd != k.cmd() || g.cookie != k.cookie()) {
            differences.add(at + "cmd " + g.cmd + " cookie " + g.cookie + " in the capture, the kit has cmd " + k.cmd()
                    + " cookie " + Integer.toUnsignedString(k.cookie()));
        }
        if (g.length != k.length()) {
            differences.add(at + "length " + g.length + " in the capture, the kit's is " + k.length());
        }
        if (g.fds != k.fds()) {
            differences.add(at + g.fds + " fds in the capture, the kit sent " + k.fds());
        }
        byte[] kitArgs = k.args();
        boolean reservedDiffer = false;
        for (int i = 0; i < g.args.length; i++) {
            byte kb = i < kitArgs.length ? kitArgs[i] : 0;
            if (kb == g.args[i] && i < kitArgs.length) {
                continue;
            }
            if (g.cmd == VimcCmd.QUEUE_REQUEST.code && g.kind == WireRecord.Kind.ASYNC
                    && i >= RESERVED_FROM && i < RESERVED_TO) {
                reservedDiffer = true;
                continue;
            }
            differences.add(at + "argument byte " + i + " is 0x" + HexFormat.of().toHexDigits(g.args[i])
                    + " in the capture, 0x" + HexFormat.of().toHexDigits(kb) + " from the kit");
            break;
        }
        if (reservedDiffer) {
            explained.add(at + "ControlList header reserved words (argument bytes " + RESERVED_FROM + "-"
                    + (RESERVED_TO - 1) + "): uninitialised in libcamera, 0 from the kit");
        }
    }
}
