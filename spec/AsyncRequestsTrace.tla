------------------------- MODULE AsyncRequestsTrace -------------------------
(***************************************************************************)
(* Trace validation of AsyncRequests (issue 12), for async and the        *)
(* reference alike: the cfg sets the design's switches. TraceData          *)
(* (generated per recording by org.ipcsync.trace.TraceModuleWriter, never  *)
(* checked in) holds the recorded spec-level events in order, TraceLog,    *)
(* each a record                                                           *)
(*   [ev, cam, cookie, kind, depth, thread, status, chained, early, tick]  *)
(* with ev one of                                                          *)
(*   "post"    AppCall(cam): the application thread posts an operation;    *)
(*   "send"    the camera manager sends camera cam's request with cookie,  *)
(*             on thread "cm" at loop depth 1: CMDispatch of the posted    *)
(*             operation, or (chained) InvocationGoesOn below; status      *)
(*             "error": the send failed and completed the call at once;    *)
(*   "match"   CMReadyRead(cam) completing the pending request with the    *)
(*             datagram [kind, cookie];                                    *)
(*   "recv"    CMReadyRead(cam) handing the datagram to the event path;    *)
(*   "drop"    CMReadyRead(cam) dropping a stale reply (DropStale);        *)
(*   "exit"    CMWorkerExit(cam) (FailFast);                               *)
(*   "died"    camera cam's worker was seen dead (the reaper's note): a    *)
(*             check that the hidden IPADie happened by then, no action;  *)
(*   "return"  the pipe reports the completion of camera cam's request     *)
(*             with status: "timeout" is the deadline timer's turn,        *)
(*             CMTimeout; "ok" and "error" are reported in the turn that   *)
(*             completed the request (a match, an exit), so they are a     *)
(*             report of that turn's completion (told, below) and change   *)
(*             nothing in the design's variables.                          *)
(* TraceCookies[c + 1] holds camera c's request cookies in call order,     *)
(* renumbered by the mapping to the module's RequestCookie(k), and         *)
(* TraceEvents[c + 1] the IPA events camera c's IPA sent that were read.   *)
(*                                                                         *)
(* Additions to the design's actions, both about one turn of the camera    *)
(* manager's loop that the recording shows in several stamps:              *)
(*  - told[c]: the completion a turn set that the pipe has still to report *)
(*    (syncCallReturned follows the match or the exit in the same turn).   *)
(*    Until it is reported no other camera manager step, no wake-up of the *)
(*    application and no tick happens: a completion reported a tick later  *)
(*    than it was set is not the design's.                                 *)
(*  - InvocationGoesOn: an operation of two requests (start: mapBuffers    *)
(*    then start; stop: stop then unmapBuffers) sends its second request   *)
(*    in the turn that completed the first, whatever the first's result    *)
(*    (Camera::stop unmaps after a failed stop too), without passing the   *)
(*    queue and without waking the application in between. The design     *)
(*    spec makes every request its own operation (see its header), which  *)
(*    is a model of this with a wake-up and a post in between.             *)
(*                                                                         *)
(* Hidden, between visible steps, without advancing i: the application's  *)
(* wake-up (AppWake), the IPAs' replies, events (as many as were read) and *)
(* deaths (as many as were recorded), and ticks; a post may be taken a few *)
(* events early or late (PostEarly, PostLate), as in ThreadedSyncTrace.    *)
(* Time: an event is matched only in its recorded tick, and a tick is      *)
(* allowed only before the next event's tick.                              *)
(*                                                                         *)
(* The cfg overrides MoreCalls with TraceMoreCalls (and sets Calls = 1,    *)
(* MaxEvents = 0, Seq0 = 0 to satisfy the base module's ASSUME; the event  *)
(* budget is replaced by the recorded count, TraceEmit).                   *)
(* Accepted: TLC violates TraceNotDone (a state with i = Len(TraceLog)).   *)
(* Rejected: no violation; TraceReached has printed the largest i reached, *)
(* so event i + 1 is the first one the spec cannot follow.                 *)
(***************************************************************************)
EXTENDS AsyncRequests, TraceData, TLC

VARIABLES
    i,      \* recorded events matched so far
    now,    \* ticks since the trace's origin
    tev,    \* tev[c]: IPA events camera c's IPA has sent so far in this behaviour
    ahead,  \* ahead[c]: camera c's next recorded post was taken early (PostEarly)
    owed,   \* owed[c]: camera c's recorded posts passed but not yet made (PostLate)
    inv,    \* the camera whose operation goes on with its next request in this turn, or NoCam
    told    \* told[c]: "ok"/"error": the completion this turn set for camera c, not yet reported; else "none"

traceVars == <<vars, i, now, tev, ahead, owed, inv, told>>

NoCam == -1

TraceMoreCalls(c) == call[c].k < Len(TraceCookies[c + 1])

Open == i < Len(TraceLog)
E == TraceLog[i + 1]
\* The next event may be matched now: it was recorded in the current tick.
Due == Open /\ now = E.tick

\* Every camera manager step is a turn of its top-level loop (depth 1); it never nests.
CMDepth == 1

\* The camera manager is between turns: nothing of the last turn is left to do.
BetweenTurns == inv = NoCam /\ \A c \in Cameras : told[c] = "none"

OnCM == E.thread = "cm" /\ E.depth = CMDepth

SendStep ==
    /\ E.ev = "send" /\ ~E.chained /\ OnCM /\ BetweenTurns
    /\ queue # <<>> /\ Head(queue) = E.cam
    /\ RequestCookie(call[E.cam].k) = E.cookie
    /\ CMDispatch
    /\ (result'[E.cam] = "error") = (E.status = "error")
    /\ UNCHANGED <<inv, told>>

(* The operation goes on: its next request is numbered, sent and recorded  *)
(* pending in the turn that completed the one before (CMDispatch's body),  *)
(* once that completion was reported.                                      *)
ChainStep ==
    LET c == E.cam
        started == CallStarted(CallQueued(call[c]))
        e == [ck |-> RequestCookie(started.k), k |-> started.k, left |-> Deadline]
    IN
    /\ E.ev = "send" /\ E.chained /\ OnCM
    /\ inv = c /\ \A d \in Cameras : told[d] = "none"
    /\ MoreCalls(c) /\ e.ck = E.cookie
    /\ call' = [call EXCEPT ![c] = started]
    /\ IF exited[c] \/ ~alive[c]
       THEN /\ result' = [result EXCEPT ![c] = "error"]
            /\ UNCHANGED <<pending, toIPA>>
       ELSE /\ Send(c, e.ck)
            /\ pending' = [pending EXCEPT ![c] = @ \cup {e}]
            /\ result' = [result EXCEPT ![c] = "none"]
    /\ (result'[c] = "error") = (E.status = "error")
    /\ inv' = NoCam
    /\ UNCHANGED <<queue, app, exited, stale, fromIPA, emitted, alive, deaths, told>>

ReadStep ==
    /\ BetweenTurns
    /\ CMReadyRead(E.cam)
    /\ Head(fromIPA[E.cam]) = [kind |-> E.kind, cookie |-> E.cookie]
    /\ UNCHANGED inv

Hit(c, ck) == \E e \in pending[c] : e.ck = ck

MatchStep ==
    LET c == E.cam IN
    /\ E.ev = "match" /\ ReadStep
    /\ \E e \in pending[c] : e.ck = E.cookie /\ e.k = call[c].k
    /\ result[c] = "none"
    /\ told' = [told EXCEPT ![c] = "ok"]

RecvStep ==
    /\ E.ev = "recv" /\ ReadStep
    /\ ~Hit(E.cam, E.cookie) /\ (E.cookie = EventCookie \/ ~DropStale)
    /\ UNCHANGED told

DropStep ==
    /\ E.ev = "drop" /\ ReadStep
    /\ ~Hit(E.cam, E.cookie) /\ E.cookie # EventCookie /\ DropStale
    /\ UNCHANGED told

ExitStep ==
    LET c == E.cam IN
    /\ E.ev = "exit" /\ BetweenTurns
    /\ CMWorkerExit(c)
    /\ told' = [told EXCEPT ![c] = IF result'[c] # result[c] THEN "error" ELSE "none"]
    /\ UNCHANGED inv

ReturnStep ==
    LET c == E.cam IN
    /\ E.ev = "return" /\ inv = NoCam
    /\ \/ /\ E.status = "timeout" /\ BetweenTurns
          /\ result[c] = "none"
          /\ CMTimeout(c)
          /\ result'[c] = "timeout"
          /\ UNCHANGED told
       \/ /\ E.status # "timeout" /\ told[c] = E.status
          /\ told' = [told EXCEPT ![c] = "none"]
          /\ UNCHANGED vars
    /\ inv' = IF E.chained THEN c ELSE NoCam

(* Whoever noted the death (the thread that reaped the worker, or the     *)
(* pipe) saw it after it happened: the worker is dead by now. A check on   *)
(* the state, taken by no thread of the design, so at any point of a turn. *)
DiedStep ==
    /\ E.ev = "died" /\ ~alive[E.cam]
    /\ UNCHANGED <<vars, inv, told>>

(* The application posts a camera's next operation (AppCall), unless it    *)
(* was taken early (PostEarly) or is made later (PostLate): the post's     *)
(* stamp is the application thread's, taken apart from the enqueue, so    *)
(* against another thread's stamp microseconds away its order is not       *)
(* known (see ThreadedSyncTrace).                                          *)
PostStep ==
    /\ E.ev = "post" /\ UNCHANGED <<inv, told>>
    /\ IF ahead[E.cam]
       THEN /\ ahead' = [ahead EXCEPT ![E.cam] = FALSE]
            /\ UNCHANGED <<vars, owed>>
       ELSE \/ AppCall(E.cam) /\ UNCHANGED <<ahead, owed>>
            \/ owed' = [owed EXCEPT ![E.cam] = @ + 1] /\ UNCHANGED <<vars, ahead>>

PostLate(c) ==
    /\ owed[c] > 0 /\ inv # c
    /\ AppCall(c)
    /\ owed' = [owed EXCEPT ![c] = @ - 1]
    /\ UNCHANGED <<i, now, tev, inv, ahead, told>>

PostEarly(c) ==
    /\ ~ahead[c] /\ inv # c
    /\ \E j \in (i + 2)..Min(i + 1 + TraceMaxEarly, Len(TraceLog)) :
          /\ TraceLog[j].ev = "post" /\ TraceLog[j].cam = c /\ j - (i + 1) <= TraceLog[j].early
          /\ \A m \in (i + 1)..(j - 1) : ~(TraceLog[m].ev = "post" /\ TraceLog[m].cam = c)
    /\ AppCall(c)
    /\ ahead' = [ahead EXCEPT ![c] = TRUE]
    /\ UNCHANGED <<i, now, tev, inv, owed, told>>

Visible ==
    /\ Due
    /\ PostStep \/ (UNCHANGED <<ahead, owed>> /\ (SendStep \/ ChainStep \/ MatchStep \/ RecvStep \/ DropStep
                                                 \/ ExitStep \/ ReturnStep \/ DiedStep))
    /\ i' = i + 1
    /\ UNCHANGED <<now, tev>>

(* The IPAs act lazily: camera c's IPA replies, emits or dies only while   *)
(* the next recorded event is camera c's (see ThreadedSyncTrace: acting    *)
(* earlier only makes the loop runnable sooner, which forbids ticks).      *)
EnvFor(c) == Open /\ E.cam = c

(* An IPA event the recording will see read off the socket: the base      *)
(* module's IPAEmit with the recorded count as budget.                     *)
TraceEmit(c) ==
    /\ alive[c] /\ tev[c] < TraceEvents[c + 1]
    /\ tev' = [tev EXCEPT ![c] = @ + 1]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, emitted, alive, deaths, call, queue, pending, result, app, exited, stale,
                   i, now, ahead, owed, inv, told>>

Hidden ==
    \/ /\ \/ \E c \in Cameras : AppWake(c) /\ inv # c /\ told[c] = "none"
          \/ \E c \in Cameras :
                /\ EnvFor(c) /\ (IPAReplyOf(c, Unhandled(c), CallCookie) \/ IPADie(c))
                /\ UNCHANGED <<queue, pending, result, app, exited, stale>>
       /\ UNCHANGED <<i, now, tev, ahead, owed, inv, told>>
    \/ \E c \in Cameras : EnvFor(c) /\ TraceEmit(c)
    \/ \E c \in Cameras : PostEarly(c) \/ PostLate(c)
    \/ /\ Open /\ now < E.tick /\ BetweenTurns
       /\ Tick
       /\ now' = now + 1
       /\ UNCHANGED <<i, tev, ahead, owed, inv, told>>

TraceInit ==
    /\ Init
    /\ i = 0 /\ now = 0 /\ tev = [c \in Cameras |-> 0]
    /\ ahead = [c \in Cameras |-> FALSE]
    /\ owed = [c \in Cameras |-> 0]
    /\ inv = NoCam
    /\ told = [c \in Cameras |-> "none"]
    /\ TLCSet(1, 0)

TraceNext == Visible \/ Hidden

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when the whole recording has been matched: the trace is accepted.
TraceNotDone == i < Len(TraceLog)

\* Never violated; prints each new largest i (TLC runs one worker), so a rejection names its step.
TraceReached == i > TLCGet(1) => (TLCSet(1, i) /\ PrintT(<<"TRACE_REACHED", i>>))
=============================================================================
