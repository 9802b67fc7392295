------------------------- MODULE ThreadedSyncTrace -------------------------
(***************************************************************************)
(* Trace validation of ThreadedSync (issue 12): is one recorded scenario   *)
(* run a behaviour of the spec? TraceData (generated per recording by      *)
(* org.ipcsync.trace.TraceModuleWriter, never checked in) holds the        *)
(* recorded spec-level events in order, TraceLog, each a record            *)
(*   [ev, cam, cookie, kind, depth, thread, status, chained, early, tick]  *)
(* with ev one of                                                          *)
(*   "send"    CMSend of camera cam's call carrying cookie (step b),       *)
(*   "match"   RxReadyRead(cam) matching the pending call to a datagram    *)
(*             [kind, cookie] (step r, match branch),                      *)
(*   "recv"    RxReadyRead(cam) matching nothing (datagram with cookie),   *)
(*   "deliver" CMDispatch of a recv message of camera cam,                 *)
(*   "return"  sendSync of camera cam returns status ("ok"/"timeout"):     *)
(*             CMCheck/CMWake with pending clear, or CMCleanup (step e).   *)
(* A return with chained = TRUE: the application invocation that made the *)
(* call (stop) makes its next call (unmapBuffers) right away on the same   *)
(* thread, without passing the queue. The design spec posts every call as  *)
(* its own invocation; InvocationGoesOn is this module's one addition: it  *)
(* starts the next call directly, before anything queued meanwhile (an IPA *)
(* event's recv, say), as the real proxy does.                             *)
(* plus TraceCookies[c + 1] (camera c's sync-call cookies in call order:   *)
(* the real proxy numbers async messages too, so cookies are not          *)
(* Seq0 + k - 1) and TraceEvents[c + 1] (IPA events camera c's IPA sent). *)
(*                                                                         *)
(* The design's own actions do the work; this module only says which of   *)
(* them the recording sees. A visible action must agree with the next     *)
(* recorded event and advances the index i. Everything the recording      *)
(* cannot see happens in between without advancing i: the application's   *)
(* posting of a call and its dispatch, the caller's wait and wake-ups that *)
(* do not return, notify_one, the IPAs' replies and deaths, and ticks.     *)
(* Time: `now` counts ticks; an event is matched only in the tick it was   *)
(* recorded in, and a tick is allowed only before the next event's tick,   *)
(* so the model's timing rules (nothing ticks while a pipeline thread can  *)
(* run) are checked against the recorded times too.                        *)
(*                                                                         *)
(* The cfg overrides CurrentCookie and MoreCalls with TraceCurrentCookie   *)
(* and TraceMoreCalls (and sets Calls = 1, MaxEvents = 0 to satisfy the    *)
(* base module's ASSUME; neither is read once these are overridden, except *)
(* the event budget, which TraceEmit replaces with the recorded count).    *)
(* Accepted: TLC violates TraceNotDone (a state with i = Len(TraceLog)).   *)
(* Rejected: no violation; TraceReached has printed the largest i reached, *)
(* so event i + 1 is the first one the spec cannot follow.                 *)
(***************************************************************************)
EXTENDS ThreadedSync, TraceData

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
\* The next event may be matched now: it was recorded in the current tick.
Due == Open /\ now = E.tick

\* The camera manager thread runs sendSync only from its top-level event loop (depth 1).
CMDepth == 1

SendStep ==
    /\ E.ev = "send" /\ E.thread = "cm" /\ E.depth = CMDepth
    /\ CMSend /\ cm.cam = E.cam /\ cookie[E.cam] = E.cookie
    /\ UNCHANGED inv

MatchStep ==
    /\ E.ev = "match"
    /\ RxReadyRead(E.cam)
    /\ pending[E.cam] /\ Head(fromIPA[E.cam]).cookie = cookie[E.cam]
    /\ Head(fromIPA[E.cam]) = [kind |-> E.kind, cookie |-> E.cookie]
    /\ UNCHANGED inv

RecvStep ==
    /\ E.ev = "recv"
    /\ RxReadyRead(E.cam)
    /\ ~(pending[E.cam] /\ Head(fromIPA[E.cam]).cookie = cookie[E.cam])
    /\ Head(fromIPA[E.cam]) = [kind |-> E.kind, cookie |-> E.cookie]
    /\ UNCHANGED inv

DeliverStep ==
    /\ E.ev = "deliver" /\ E.depth = CMDepth
    /\ inv = NoCam
    /\ CMDispatch /\ Head(queue).type = "recv" /\ Head(queue).cam = E.cam
    /\ UNCHANGED inv

ReturnStep ==
    /\ E.ev = "return"
    /\ cm.cam = E.cam /\ call[E.cam].state = "calling"
    /\ CMCheck \/ CMWake \/ CMCleanup
    /\ call'[E.cam].state = E.status
    /\ inv' = IF E.chained THEN E.cam ELSE NoCam

(* The application posts a camera's next invocation (AppCall), unless it   *)
(* was taken early (PostEarly). The post's stamp is the application        *)
(* thread's, taken apart from the enqueue, so against another thread's     *)
(* stamp microseconds away its order is not known: a receiver's recv       *)
(* stamped just before a post can reach the queue after it (the recorded   *)
(* threaded stop-all did). PostEarly takes the post up to `early` recorded *)
(* events before its place, `early` counting the events stamped at most    *)
(* TraceData's slack before it; nothing else about posts is hidden.        *)
PostStep ==
    /\ E.ev = "post" /\ UNCHANGED inv
    /\ IF ahead[E.cam]
       THEN /\ ahead' = [ahead EXCEPT ![E.cam] = FALSE]
            /\ UNCHANGED <<vars, owed>>
       ELSE \/ AppCall(E.cam) /\ UNCHANGED <<ahead, owed>>
            \/ owed' = [owed EXCEPT ![E.cam] = @ + 1] /\ UNCHANGED <<vars, ahead>>

(* ... or later: the stamp comes before postMessage, and an application    *)
(* thread preempted in between enqueues after events stamped later (seen   *)
(* at load 25: a stop stamped before another camera's send was queued      *)
(* after its return). A post passed in the log is made before its call is  *)
(* dispatched (the send needs it queued).                                  *)
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

(* The IPAs act lazily: camera c's IPA replies, emits or dies only while   *)
(* the next recorded event is camera c's. Acting earlier can only make a   *)
(* pipeline thread runnable sooner (a readable socket), which forbids      *)
(* ticks and enables no recorded event of another camera, and the order of *)
(* datagrams across cameras is invisible (one socket each), so every       *)
(* accepted behaviour has a lazy counterpart; the eager interleavings of   *)
(* six IPAs made a six-camera trace run for minutes.                       *)
EnvFor(c) == Open /\ E.cam = c

(* An IPA event the recording will see read off the socket (as a recv or   *)
(* a match): the base module's IPAEmit with the recorded count as budget.  *)
TraceEmit(c) ==
    /\ alive[c] /\ tev[c] < TraceEvents[c + 1]
    /\ tev' = [tev EXCEPT ![c] = @ + 1]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, emitted, alive, deaths, call, queue, cm, pending, cookie, waiters, timer, rx, app, i, now, ahead, owed>>

(* The invocation goes on: its next call enters sendSync (step a) straight *)
(* after the previous call returned, as CMDispatch would for a posted one. *)
InvocationGoesOn ==
    LET c == inv IN
    /\ inv # NoCam /\ cm.pc = "idle" /\ app[c] = "idle" /\ MoreCalls(c)
    /\ Assert(~pending[c], "sendSync while a call is pending")
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ cm' = [pc |-> "send", cam |-> c]
    /\ pending' = [pending EXCEPT ![c] = TRUE]
    /\ cookie' = [cookie EXCEPT ![c] = TraceCookies[c + 1][call[c].k + 1]]
    /\ call' = [call EXCEPT ![c] = CallStarted(CallQueued(@))]
    /\ inv' = NoCam
    /\ UNCHANGED <<queue, waiters, timer, rx, toIPA, fromIPA, emitted, alive, deaths, i, now, tev, ahead, owed>>

Hidden ==
    \/ InvocationGoesOn
    \/ /\ \/ inv = NoCam /\ CMDispatch /\ Head(queue).type = "call"
          \/ (CMCheck \/ CMWake) /\ call' = call
          \/ \E c \in Cameras :
                \/ RxNotify(c)
                \/ EnvFor(c) /\ (IPAReply(c, Unhandled(c)) \/ IPADie(c))
                   /\ UNCHANGED <<queue, cm, pending, cookie, waiters, timer, rx, app>>
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
