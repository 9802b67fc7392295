package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Recording.SyncCall;

/**
 * Mutated copies of a real recording, each one a behaviour the design must not have, so that an
 * accepted trace means something: if the validator accepted these too, acceptance would be vacuous.
 * Each mutant names the sync call it changed and the spec-level event that must be the first one
 * no behaviour can follow (the rejection step).
 */
public final class RecordingMutants {
    /**
     * @param name       what was changed
     * @param recording  the mutated recording
     * @param callId     the sync call the rejection must point at
     * @param rejectedEv the kind of that call's event where the spec must stop following
     */
    public record Mutant(String name, Recording recording, int callId, String rejectedEv) {
        /** The 1-based step of the mutated event in the mutant's trace, which the validator must report. */
        public int expectedStep(SpecTrace trace) {
            String prefix = "sync #" + callId + " ";
            for (int k = 0; k < trace.events().size(); k++) {
                SpecEvent e = trace.events().get(k);
                if (e.ev().equals(rejectedEv) && e.source().startsWith(prefix)) {
                    return k + 1;
                }
            }
            throw new IllegalStateException(name + ": no " + rejectedEv + " event of call #" + callId);
        }

        /**
         * True when {@code step} is a rejection at the change: between where the changed event
         * stood in the original trace and where it stands in the mutant's, both included. An event
         * in between is one the change made impossible (a delivery the camera manager cannot run
         * while it still waits, in the mutant, for a deadline its call never needed).
         */
        public boolean atTheChange(SpecTrace original, SpecTrace mutated, int step) {
            int a = expectedStep(original);
            int b = expectedStep(mutated);
            return step >= Math.min(a, b) && step <= Math.max(a, b);
        }

        /** The steps {@link #atTheChange} accepts, for messages. */
        public String expectedSteps(SpecTrace original, SpecTrace mutated) {
            int a = expectedStep(original);
            int b = expectedStep(mutated);
            return a == b ? "step " + a : "steps " + Math.min(a, b) + ".." + Math.max(a, b);
        }
    }

    private RecordingMutants() {}

    /** Every mutant the recording supports (it needs at least two answered sync calls on one camera). */
    public static List<Mutant> of(Recording r) {
        List<SyncCall> answered = r.syncCalls().stream()
                .filter(s -> s.replyUs() >= 0 && s.replyCmd() == s.cmd() && Integer.valueOf(0).equals(s.status()))
                .toList();
        List<Mutant> out = new ArrayList<>();
        if (answered.size() < 2) {
            return out;
        }
        SyncCall a = answered.get(0);
        SyncCall b = answered.stream().filter(s -> s.camera() == a.camera() && s.id() != a.id()).findFirst().orElse(null);
        if (b != null) {
            // The two replies are read in the other order: b's reply (its own cookie) is read when
            // a's was, while a is the call pending and b not even sent; the spec must stop there.
            out.add(new Mutant("reply order swapped (#" + a.id() + " and #" + b.id() + ")",
                    replace(r, a.id(), s -> withReply(s, b.replyUs(), s.replyCmd()),
                            b.id(), s -> withReply(s, a.replyUs(), s.replyCmd())), b.id(), "match"));
            // b's readyRead takes a datagram carrying a's cookie (a's reply) and credits it to b.
            out.add(new Mutant("reply credited to the wrong cookie (#" + b.id() + " took #" + a.id() + "'s)",
                    replace(r, b.id(), s -> withReply(s, s.replyUs(), a.cmd())), b.id(), "match"));
        }
        // The last answered call woke only at its deadline: no wake-up (notify_one; in the nested
        // design the poll wake that reads the reply) reached it, yet it returned 0. Only a call with
        // no call nested inside it: under a nested call the legacy design really does sleep to its
        // deadline with its reply in hand (its lost wake-up), so that would be no mutant there.
        SyncCall last = answered.stream()
                .filter(s -> r.syncCalls().stream().noneMatch(o -> o.enclosing() == s.id()))
                .max(Comparator.comparingLong(SyncCall::returnUs)).orElseThrow();
        long late = last.sendUs() + r.timeoutUs() + 1;
        out.add(new Mutant("notify removed (#" + last.id() + " woke at its deadline)",
                replace(r, last.id(), s -> withReturn(s, late, 0)), last.id(), "return"));
        out.add(new Mutant("depth changed (#" + a.id() + " at depth " + (a.depth() + 1) + ")",
                replace(r, a.id(), s -> withDepth(s, a.depth() + 1)), a.id(), "send"));
        out.add(new Mutant("timeout reported while the reply was matched (#" + a.id() + ")",
                replace(r, a.id(), s -> withReturn(s, s.returnUs(), -Recording.ETIMEDOUT)), a.id(), "return"));
        return out;
    }

    private static Recording replace(Recording r, int id, UnaryOperator<SyncCall> f) {
        return replace(r, id, f, -1, UnaryOperator.identity());
    }

    private static Recording replace(Recording r, int id1, UnaryOperator<SyncCall> f1, int id2,
                                     UnaryOperator<SyncCall> f2) {
        List<SyncCall> calls = r.syncCalls().stream()
                .map(s -> s.id() == id1 ? f1.apply(s) : s.id() == id2 ? f2.apply(s) : s).toList();
        return r.withSyncCalls(calls);
    }

    private static SyncCall withReply(SyncCall s, long replyUs, int replyCmd) {
        return new SyncCall(s.id(), s.camera(), s.command(), s.cmd(), s.cookie(), s.thread(), s.depth(), s.enclosing(),
                s.sendUs(), s.deadlineUs(), replyUs, replyCmd, s.waitEndUs(), s.heldUs(), s.returnUs(), s.status(),
                s.sleptAfterCompletionUs());
    }

    private static SyncCall withReturn(SyncCall s, long returnUs, int status) {
        return new SyncCall(s.id(), s.camera(), s.command(), s.cmd(), s.cookie(), s.thread(), s.depth(), s.enclosing(),
                s.sendUs(), s.deadlineUs(), s.replyUs(), s.replyCmd(), returnUs, s.heldUs(), returnUs, status,
                s.sleptAfterCompletionUs());
    }

    private static SyncCall withDepth(SyncCall s, int depth) {
        return new SyncCall(s.id(), s.camera(), s.command(), s.cmd(), s.cookie(), s.thread(), depth, s.enclosing(),
                s.sendUs(), s.deadlineUs(), s.replyUs(), s.replyCmd(), s.waitEndUs(), s.heldUs(), s.returnUs(),
                s.status(), s.sleptAfterCompletionUs());
    }
}
