------------------------------ MODULE IPCBase ------------------------------
(***************************************************************************)
(* What both sync-call designs share: the cameras, one IPA process per     *)
(* camera, the socket pair between them (as two FIFO sequences of          *)
(* datagrams), discrete time, and a ghost record per camera that the       *)
(* properties of semantics doc section 7 read.                              *)
(*                                                                         *)
(* Time: one tick stands for 1000 ms, the granularity of the deadlines     *)
(* (nested 2000 ms = 2 ticks, threaded 1000 ms = 1 tick). Pipeline-side    *)
(* thread steps take no time: a tick happens only when every thread of the *)
(* pipeline process is blocked (see Busy in each design). The IPAs and the *)
(* application are the environment: they act at any time or never, so an  *)
(* IPA reply comes after an arbitrary number of ticks, or not at all.      *)
(* Counters of ticks saturate just above the bound a property compares     *)
(* them with, which keeps the state space finite without a global clock.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    N,          \* number of cameras (one IPA process and one pipe each)
    Deadline,   \* the sync-call timeout, in ticks
    Slack,      \* the "small bound" of BoundedReturn and CameraIsolation, in ticks
    MaxEvents,  \* IPA events (cookie 0) sent in one behaviour, by all IPAs together
    Seq0        \* the proxy's seq_ when the modelled call is made: the call's cookie

ASSUME N \in 1..6 /\ Deadline \in 1..10 /\ Slack \in 0..10
ASSUME MaxEvents \in 0..3 /\ Seq0 \in 0..10

Cameras == 0..(N - 1)
NoCookie == -1
EventCookie == 0        \* IPA events always carry cookie 0

VARIABLES
    toIPA,      \* toIPA[c]: datagrams queued from the pipeline to camera c's IPA (request cookies)
    fromIPA,    \* fromIPA[c]: datagrams queued from camera c's IPA: [kind |-> "reply"/"event", cookie]
    emitted,    \* IPA events sent so far, by all IPAs together
    call        \* call[c]: ghost record of camera c's one sync call (see NoCall)

baseVars == <<toIPA, fromIPA, emitted, call>>

(* The ghost record. state: "idle" (not asked), "queued" (posted to the    *)
(* thread that will make the call), "calling" (inside sendSync), "ok",     *)
(* "timeout". elapsed: ticks since sendSync began. replyAge: ticks since   *)
(* the reply reached the pipeline's socket, -1 before. inTime: the reply   *)
(* reached the socket before the deadline. evBefore: IPA events sent       *)
(* before the reply and not handled yet. taken: an IPA event was taken as  *)
(* this call's reply. stale: this call timed out and its reply was then    *)
(* handed to the event path. eventWait: ticks this camera's unhandled IPA  *)
(* event has waited while another camera's call held the event thread.    *)
NoCall == [state |-> "idle", elapsed |-> 0, replyAge |-> -1, inTime |-> FALSE,
           evBefore |-> 0, taken |-> FALSE, stale |-> FALSE, eventWait |-> 0]

Min(a, b) == IF a < b THEN a ELSE b

BaseInit ==
    /\ toIPA = [c \in Cameras |-> <<>>]
    /\ fromIPA = [c \in Cameras |-> <<>>]
    /\ emitted = 0
    /\ call = [c \in Cameras |-> NoCall]

(* Ghost updates, used by the designs at the matching code points. *)
CallQueued(r) == [r EXCEPT !.state = "queued"]
CallStarted(r) == [r EXCEPT !.state = "calling", !.elapsed = 0, !.replyAge = -1]
CallReturned(r, result) == [r EXCEPT !.state = result, !.elapsed = 0, !.replyAge = -1]
EventHandled(r) == [r EXCEPT !.evBefore = IF @ > 0 THEN @ - 1 ELSE 0]
EventTakenAsReply(r) == [EventHandled(r) EXCEPT !.taken = TRUE]
ReplyToEventPath(r) == [r EXCEPT !.stale = @ \/ r.state = "timeout"]

(* IPA c runs the oldest request and sends its reply; any delay, or never  *)
(* (no fairness). Unhandled is the design's count of camera c's IPA events *)
(* sent but not yet handled by the pipeline handler.                       *)
IPAReply(c, Unhandled) ==
    /\ toIPA[c] # <<>>
    /\ toIPA' = [toIPA EXCEPT ![c] = Tail(@)]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "reply", cookie |-> Head(toIPA[c])])]
    /\ call' = IF call[c].state = "calling"
               THEN [call EXCEPT ![c] = [@ EXCEPT !.replyAge = 0,
                                                  !.inTime = call[c].elapsed < Deadline,
                                                  !.evBefore = Unhandled]]
               ELSE call
    /\ UNCHANGED emitted

(* IPA c emits an event (cookie 0) at any time, while the budget lasts. *)
IPAEmit(c) ==
    /\ emitted < MaxEvents
    /\ emitted' = emitted + 1
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, call>>

EventsIn(s) == Len(SelectSeq(s, LAMBDA m : m.kind = "event"))

(* One tick: every counter of a call in progress advances (saturating).    *)
(* Slowed(c): camera c has an unhandled IPA event and the thread that      *)
(* would handle it is held by another camera's sync call.                  *)
TickGhost(Slowed(_)) ==
    call' = [c \in Cameras |->
        LET r == call[c] IN
        [r EXCEPT
            !.elapsed = IF r.state = "calling" THEN Min(@ + 1, Deadline + Slack + 1) ELSE @,
            !.replyAge = IF r.state = "calling" /\ @ >= 0 THEN Min(@ + 1, Slack + 1) ELSE @,
            !.eventWait = IF Slowed(c) THEN Min(@ + 1, Slack + 1) ELSE 0]]

-----------------------------------------------------------------------------
(* Properties shared by the designs (names as in semantics doc section 7). *)

\* A sync call returns within Slack ticks of its reply reaching the pipeline, and within Slack ticks of its deadline otherwise.
BoundedReturn ==
    \A c \in Cameras : call[c].state = "calling" =>
        /\ call[c].replyAge <= Slack
        /\ call[c].elapsed <= Deadline + Slack

\* A call whose reply reached the pipeline before its deadline never reports a timeout.
NoSpuriousTimeout ==
    \A c \in Cameras : call[c].state = "timeout" => ~call[c].inTime

\* Every sync call that has started eventually returns.
EventuallyReturns ==
    \A c \in Cameras : call[c].state = "calling" ~> call[c].state \in {"ok", "timeout"}

\* The reply to a call that timed out is never handed to the pipeline handler as an IPA event.
NoStaleReplyAsEvent ==
    \A c \in Cameras : ~call[c].stale

\* An IPA event (cookie 0) is never taken as a sync call's reply.
NoCookieConfusion ==
    \A c \in Cameras : ~call[c].taken

\* IPA events sent before a sync reply are handled before that sync call returns with the reply.
EventBeforeReplyOrder ==
    \A c \in Cameras : call[c].state = "ok" => call[c].evBefore = 0

\* One camera's slow sync call delays another camera's IPA event handling by at most Slack ticks.
CameraIsolation ==
    \A c \in Cameras : call[c].eventWait <= Slack

\* No thread is inside two sync calls at once (CallerOf(c): the thread that makes camera c's call).
NoNestedDispatchOf(CallerOf(_)) ==
    \A t \in {CallerOf(c) : c \in Cameras} :
        Cardinality({c \in Cameras : call[c].state = "calling" /\ CallerOf(c) = t}) <= 1

(* Canaries: invariants that must be violated, so that a pass elsewhere    *)
(* is not vacuous.                                                         *)

\* Canary: no sync call ever completes with its reply (must be violated).
CanaryNoCallCompletes == \A c \in Cameras : call[c].state # "ok"

\* Canary: no sync call ever times out (must be violated).
CanaryNoTimeout == \A c \in Cameras : call[c].state # "timeout"
=============================================================================
