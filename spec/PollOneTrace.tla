---------------------------- MODULE PollOneTrace ----------------------------
(***************************************************************************)
(* Trace validation of PollOne (issue 12): is one recorded scenario run a  *)
(* behaviour of the poll-one design? TraceData is generated per recording  *)
(* (see ThreadedSyncTrace for its shape); here the events are              *)
(*   "send"    the camera manager's LoopDispatch of the posted call, which *)
(*             enters sendSync and sends, at depth 1 (sendSync runs only   *)
(*             from the loop, never inside another call); status "error":  *)
(*             the same step on a dead worker (the send fails and sendSync *)
(*             returns at once), else "none";                              *)
(*   "match"   Match (m) taking the message just read as the pending       *)
(*             call's reply, [kind, cookie] (an IPA event's cookie 0 is    *)
(*             init's: kind "event");                                      *)
(*   "recv"    a message that matched no call: Match (m) posting it to    *)
(*             the loop (read by sendSync's own poll), or LoopPoll reading *)
(*             it with no call pending (the notifier, between calls);      *)
(*   "deliver" LoopDispatch running the recv of a message Match posted;   *)
(*             a message the notifier read is delivered in its LoopPoll    *)
(*             step, so it has no deliver event of its own;                *)
(*   "return"  sendSync returns status: MatchedReturn ("ok"), PollReturn   *)
(*             timing out or DeadlineTest past the deadline ("timeout").   *)
(* Hidden: PollReturn finding the socket readable, ReadOne, DeadlineTest   *)
(* polling again, the loop going to ppoll and being woken by a post, the   *)
(* IPAs (lazily, as in the other trace specs), deaths and ticks.           *)
(* Cookies are the recorded ones (the cfg overrides CurrentCookie with     *)
(* TraceCurrentCookie; the proxy numbers async messages too).              *)
(*                                                                         *)
(* One addition, only here, as in the other trace specs: an invocation's   *)
(* later call (stop, then unmapBuffers) starts straight after the earlier  *)
(* one returns, without passing the queue (InvocationGoesOn below, which   *)
(* does what LoopDispatch's call branch does for a posted call). So a      *)
(* deferred recv posted during stop is delivered after unmapBuffers        *)
(* returns, as the real pipe does.                                         *)
(***************************************************************************)
EXTENDS PollOne, TLC, TraceData

VARIABLES
    i,      \* recorded events matched so far
    now,    \* ticks since the trace's origin
    tev,    \* tev[c]: IPA events camera c's IPA has sent so far in this behaviour
    ahead,  \* ahead[c]: camera c's next recorded post was taken early (PostEarly)
    owed,   \* owed[c]: camera c's recorded posts passed but not yet made (PostLate)
    inv     \* the camera whose invocation goes on with its next call on the camera manager thread, or NoCam

traceVars == <<vars, i, now, tev, inv, ahead, owed>>

TraceCurrentCookie(c) ==
    IF call[c].k \in 1..Len(TraceCookies[c + 1]) THEN TraceCookies[c + 1][call[c].k] ELSE NoCookie
TraceMoreCalls(c) == call[c].k < Len(TraceCookies[c + 1])

Open == i < Len(TraceLog)
E == TraceLog[i + 1]
Due == Open /\ now = E.tick

\* The camera manager thread runs sendSync only from its top-level event loop (depth 1).
CMDepth == 1

Rec == [kind |-> E.kind, cookie |-> E.cookie]

(* The invocation goes on: its next call enters sendSync and sends, as     *)
(* LoopDispatch's call branch does for a posted call (a dead worker's     *)
(* socket refuses the send: the error returns at once).                    *)
InvocationGoesOn(c) ==
    LET r == CallQueued(call[c]) IN
    /\ inv = c /\ cm = Idle /\ app[c] = "idle" /\ MoreCalls(c)
    /\ IF alive[c]
       THEN /\ Send(c, TraceCookies[c + 1][r.k])
            /\ cm' = [pc |-> "wait", cam |-> c, msg |-> NoMsg, left |-> Deadline, pollLeft |-> Deadline]
            /\ call' = [call EXCEPT ![c] = CallStarted(r)]
            /\ app' = [app EXCEPT ![c] = "blocked"]
       ELSE /\ call' = [call EXCEPT ![c] = CallReturned(CallStarted(r), "error")]
            /\ UNCHANGED <<cm, app, toIPA>>
    /\ UNCHANGED <<queue, fromIPA, emitted, alive, deaths>>

SendStep ==
    /\ E.ev = "send" /\ E.thread = CM /\ E.depth = CMDepth
    /\ (E.status = "error") = ~alive[E.cam]
    /\ IF E.chained
       THEN /\ TraceCookies[E.cam + 1][call[E.cam].k + 1] = E.cookie
            /\ InvocationGoesOn(E.cam)
       ELSE /\ inv = NoCam /\ cm.pc = "dispatch"
            /\ queue # <<>> /\ Head(queue).type = "call" /\ Head(queue).cam = E.cam
            /\ CurrentCookie(E.cam) = E.cookie
            /\ LoopDispatch
    /\ inv' = NoCam

MatchStep ==
    /\ E.ev = "match" /\ cm.pc = "match" /\ cm.cam = E.cam
    /\ cm.msg = Rec /\ E.cookie = CurrentCookie(E.cam)
    /\ Match
    /\ UNCHANGED inv

RecvStep ==
    /\ E.ev = "recv" /\ UNCHANGED inv
    /\ \/ \* sendSync's own poll read it: posted for the loop
          /\ cm.pc = "match" /\ cm.cam = E.cam /\ cm.msg = Rec /\ E.cookie # CurrentCookie(E.cam)
          /\ Match
       \/ \* the notifier read it between calls (one socket per step: the IPAs are free to send later)
          /\ inv = NoCam /\ cm.pc = "poll" /\ Readable = {E.cam} /\ Head(fromIPA[E.cam]) = Rec
          /\ LoopPoll

DeliverStep ==
    /\ E.ev = "deliver" /\ E.depth = CMDepth /\ inv = NoCam
    /\ cm.pc = "dispatch" /\ queue # <<>> /\ Head(queue).type = "recv" /\ Head(queue).cam = E.cam
    /\ LoopDispatch
    /\ UNCHANGED inv

ReturnStep ==
    /\ E.ev = "return" /\ InCall /\ cm.cam = E.cam
    /\ \/ cm.pc = "wait" /\ fromIPA[E.cam] = <<>> /\ PollReturn
       \/ MatchedReturn
       \/ cm.pc = "test" /\ cm.left = 0 /\ DeadlineTest
    /\ call'[E.cam].state = E.status
    /\ inv' = IF E.chained THEN E.cam ELSE NoCam

(* Posts: as in NestedDispatchTrace (PostStep, PostEarly, PostLate).       *)
PostStep ==
    /\ E.ev = "post" /\ UNCHANGED inv
    /\ IF ahead[E.cam]
       THEN /\ ahead' = [ahead EXCEPT ![E.cam] = FALSE]
            /\ UNCHANGED <<vars, owed>>
       ELSE \/ AppCall(E.cam) /\ UNCHANGED <<ahead, owed>>
            \/ owed' = [owed EXCEPT ![E.cam] = @ + 1] /\ UNCHANGED <<vars, ahead>>

PostLate(c) ==
    /\ owed[c] > 0 /\ inv # c
    /\ AppCall(c)
    /\ owed' = [owed EXCEPT ![c] = @ - 1]
    /\ UNCHANGED <<i, now, tev, inv, ahead>>

PostEarly(c) ==
    /\ ~ahead[c] /\ inv # c
    /\ \E j \in (i + 2)..Min(i + 1 + TraceMaxEarly, Len(TraceLog)) :
          /\ TraceLog[j].ev = "post" /\ TraceLog[j].cam = c /\ j - (i + 1) <= TraceLog[j].early
          /\ \A m \in (i + 1)..(j - 1) : ~(TraceLog[m].ev = "post" /\ TraceLog[m].cam = c)
    /\ AppCall(c)
    /\ ahead' = [ahead EXCEPT ![c] = TRUE]
    /\ UNCHANGED <<i, now, tev, inv, owed>>

Visible ==
    /\ Due
    /\ PostStep \/ (UNCHANGED <<ahead, owed>> /\ (SendStep \/ MatchStep \/ RecvStep \/ DeliverStep \/ ReturnStep))
    /\ i' = i + 1
    /\ UNCHANGED <<now, tev>>

(* The IPAs act lazily (see ThreadedSyncTrace): camera c's IPA replies,    *)
(* emits or dies only while the next recorded event is camera c's.         *)
EnvFor(c) == Open /\ E.cam = c

(* An IPA event the recording sees read off the socket: the base module's  *)
(* IPAEmit with the recorded count as budget.                              *)
TraceEmit(c) ==
    /\ alive[c] /\ tev[c] < TraceEvents[c + 1]
    /\ tev' = [tev EXCEPT ![c] = @ + 1]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, emitted, alive, deaths, call, queue, cm, app, i, now, ahead, owed>>

Hidden ==
    \/ /\ \/ inv = NoCam /\ cm.pc = "dispatch" /\ queue = <<>> /\ LoopDispatch
          \/ inv = NoCam /\ cm.pc = "poll" /\ Readable = {} /\ LoopPoll
          \/ cm.pc = "wait" /\ fromIPA[cm.cam] # <<>> /\ PollReturn
          \/ ReadOne
          \/ cm.pc = "test" /\ cm.left > 0 /\ DeadlineTest
          \/ \E c \in Cameras :
                EnvFor(c) /\ (IPAReply(c, Unhandled(c)) \/ IPADie(c)) /\ UNCHANGED <<queue, cm, app>>
       /\ UNCHANGED <<i, now, tev, inv, ahead, owed>>
    \/ \E c \in Cameras : EnvFor(c) /\ TraceEmit(c) /\ UNCHANGED inv
    \/ \E c \in Cameras : PostEarly(c) \/ PostLate(c)
    \/ /\ Open /\ now < E.tick /\ inv = NoCam
       /\ Tick
       /\ now' = now + 1
       /\ UNCHANGED <<i, tev, inv, ahead, owed>>

TraceInit ==
    /\ Init
    /\ i = 0 /\ now = 0 /\ tev = [c \in Cameras |-> 0] /\ inv = NoCam
    /\ ahead = [c \in Cameras |-> FALSE]
    /\ owed = [c \in Cameras |-> 0]
    /\ TLCSet(1, 0)

TraceNext == Visible \/ Hidden

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when the whole recording has been matched: the trace is accepted.
TraceNotDone == i < Len(TraceLog)

\* Never violated; prints each new largest i (TLC runs one worker), so a rejection names its step.
TraceReached == i > TLCGet(1) => (TLCSet(1, i) /\ PrintT(<<"TRACE_REACHED", i>>))
=============================================================================
