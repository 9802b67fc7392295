package org.ipcsync.ipa;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated IPA does for one command: wait, emit events around the reply, and
 * misbehave on chosen calls.
 *
 * @param eventsBefore events (cookie 0) sent before the reply
 * @param eventsAfter  events sent after the reply
 * @param faults       misbehaviour, each on one call or on every call
 * @param checksum     read the bytes behind each received fd and report their checksum
 */
public record CommandScript(Latency latency, int eventsBefore, int eventsAfter, List<FaultAt> faults, boolean checksum) {
    public static final CommandScript DEFAULT = new CommandScript(Latency.NONE, 0, 0, List.of(), false);

    public CommandScript {
        if (eventsBefore < 0 || eventsAfter < 0) {
            throw new IllegalArgumentException("event counts must not be negative");
        }
        faults = List.copyOf(faults);
    }

    /** The fault to apply on the {@code call}-th call (1-based), if any; the first listed wins. */
    public Fault faultAt(int call) {
        for (FaultAt f : faults) {
            if (f.call() == 0 || f.call() == call) {
                return f.fault();
            }
        }
        return null;
    }

    public CommandScript withLatency(Latency l) {
        return new CommandScript(l, eventsBefore, eventsAfter, faults, checksum);
    }

    public CommandScript withEvents(int before, int after) {
        return new CommandScript(latency, before, after, faults, checksum);
    }

    public CommandScript withFault(Fault fault, int call) {
        List<FaultAt> more = new ArrayList<>(faults);
        more.add(new FaultAt(fault, call));
        return new CommandScript(latency, eventsBefore, eventsAfter, more, checksum);
    }

    public CommandScript withChecksum() {
        return new CommandScript(latency, eventsBefore, eventsAfter, faults, true);
    }

    public enum Fault {
        /** Never reply. */
        HANG("hang"),
        /** Reply with the request's cookie plus one. */
        WRONG_COOKIE("wrong-cookie"),
        /** Send a data datagram of random bytes shorter than a message header instead of the reply. */
        TRUNCATED("truncated"),
        /** Send a header announcing more bytes than the data datagram that follows carries. */
        GARBAGE("garbage"),
        /** exit(3) before replying. */
        EXIT("exit"),
        /** SIGKILL itself before replying. */
        KILL("kill");

        public final String token;

        Fault(String token) {
            this.token = token;
        }

        static Fault fromToken(String t) {
            for (Fault f : values()) {
                if (f.token.equals(t)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** {@code call} 0 = every call, otherwise the 1-based call number. */
    public record FaultAt(Fault fault, int call) {
        public FaultAt {
            if (call < 0) {
                throw new IllegalArgumentException("call number must be >= 1 (or 0 for every call)");
            }
        }
    }
}
