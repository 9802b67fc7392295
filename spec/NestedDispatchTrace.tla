------------------------- MODULE NestedDispatchTrace -------------------------
(***************************************************************************)
(* Trace validation of NestedDispatch with Callers = "cm" (issue 12): is   *)
(* one recorded scenario run a behaviour of the legacy design? TraceData   *)
(* is generated per recording (see ThreadedSyncTrace for its shape); here  *)
(* the events are                                                          *)
(*   "send"    the camera manager's Dispatch of the posted call, which     *)
(*             runs call() up to its loop in one step, at the recorded     *)
(*             depth = Depth(cm) before the call's level is pushed; status *)
(*             "error": the same step on a dead worker (send fails,        *)
(*             call() returns at once), else "none";                       *)
(*   "match"   PollWake(cm) reading camera cam's socket, the datagram      *)
(*             [kind, cookie] matching the pending entry (done := TRUE);  *)
(*   "recv"    PollWake(cm) reading a datagram that matches no entry;     *)
(*   "return"  the loop test Check(cm) of the top level returning status;  *)
(*   "device"  a frame was dequeued: a V4L2 notifier of the camera         *)
(*             manager thread became ready.                                *)
(* chained (see ThreadedSyncTrace): a "send" that continues its invocation *)
(* starts call() straight after the previous call returned, at the level   *)
(* that dispatched the invocation, instead of from the queue.              *)
(* Cookies are renumbered by the generator (camera c's k-th call: k - 1,   *)
(* which is CookieOf(k) with Seq0 = 0), so only MoreCalls is overridden.   *)
(*                                                                         *)
(* One addition to the design's behaviour, and only here: the device       *)
(* notifiers. NestedDispatch gives poll three wake sources (interrupt,     *)
(* IPA sockets, expired timers); the camera manager thread also watches    *)
(* the devices, and a ready one ends a poll that a pending call sleeps in. *)
(* DeviceStep models it as the interrupt flag (same effect on poll: wake,  *)
(* drain, run the handler, which posts nothing the spec tracks), and only  *)
(* when the recording shows a dequeue.                                     *)
(*                                                                         *)
(* PollWake reading two sockets at once is not allowed to be visible: the *)
(* IPAs are free to send later, so a behaviour reading one datagram per    *)
(* wake always exists next to it, and the recording stamps each read.      *)
(***************************************************************************)
EXTENDS NestedDispatch, TLC, TraceData

VARIABLES
    i,      \* recorded events matched so far
    now,    \* ticks since the trace's origin
    tev,    \* tev[c]: IPA events camera c's IPA has sent so far in this behaviour
    ahead,  \* ahead[c]: camera c's next recorded post was taken early (PostEarly)
    owed,   \* owed[c]: camera c's recorded posts passed but not yet made (PostLate)
    inv     \* the camera whose invocation goes on with its next call on the camera manager thread, or NoCam

traceVars == <<vars, i, now, tev, inv, ahead, owed>>

TraceMoreCalls(c) == call[c].k < Len(TraceCookies[c + 1])

Open == i < Len(TraceLog)
E == TraceLog[i + 1]
Due == Open /\ now = E.tick
IsRead(e) == e.ev \in {"match", "recv"}
\* The recorded events i + 1 .. i + k are reads of this tick.
ReadsAhead(k) == i + k <= Len(TraceLog) /\ \A j \in 1..k : IsRead(TraceLog[i + j]) /\ TraceLog[i + j].tick = now

Msg(c) == Head(fromIPA[c])
Matches(c) == map[c] # NoCookie /\ Msg(c).cookie = map[c]

SendStep ==
    /\ E.ev = "send" /\ E.thread = CM /\ E.depth = Depth(CM)
    /\ (E.status = "error") = ~alive[E.cam]
    /\ IF E.chained
       THEN \* the invocation goes on: call() right here, no queue
            /\ inv = E.cam /\ app[E.cam] = "idle" /\ MoreCalls(E.cam)
            /\ CookieOf(call[E.cam].k + 1) = E.cookie
            /\ StartSendSync(CM, E.cam, CallQueued(call[E.cam]), stack[CM])
            /\ UNCHANGED <<queue, interrupt, fromIPA, emitted, alive, deaths>>
       ELSE /\ inv = NoCam
            /\ queue # <<>> /\ Head(queue) = E.cam
            /\ CookieOf(call[E.cam].k) = E.cookie
            /\ Dispatch(CM)
    /\ inv' = NoCam

MatchStep ==
    /\ E.ev = "match" /\ Readable = {E.cam} /\ inv = NoCam /\ UNCHANGED inv
    /\ Matches(E.cam) /\ Msg(E.cam) = [kind |-> E.kind, cookie |-> E.cookie]
    /\ PollWake(CM)

RecvStep ==
    /\ E.ev = "recv" /\ Readable = {E.cam} /\ inv = NoCam /\ UNCHANGED inv
    /\ ~Matches(E.cam) /\ Msg(E.cam) = [kind |-> E.kind, cookie |-> E.cookie]
    /\ PollWake(CM)

ReturnStep ==
    /\ E.ev = "return"
    /\ stack[CM] # <<>> /\ Top(CM).cam = E.cam
    /\ Check(CM)
    /\ call'[E.cam].state = E.status
    /\ inv' = IF E.chained THEN E.cam ELSE NoCam

DeviceStep ==
    /\ E.ev = "device"
    /\ interrupt' = [interrupt EXCEPT ![CM] = TRUE]
    /\ UNCHANGED <<queue, stack, map, done, timer, app, baseVars, inv>>

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
    /\ PostStep \/ (UNCHANGED <<ahead, owed>> /\ (SendStep \/ MatchStep \/ RecvStep \/ ReturnStep \/ DeviceStep))
    /\ i' = i + 1
    /\ UNCHANGED <<now, tev>>

(* One poll wake-up that read several sockets: k recorded reads of this    *)
(* tick, of k different cameras, exactly the readable ones, each agreeing  *)
(* with the datagram at the head of its socket and with whether it matched *)
(* a pending call. The order in which the notifiers ran is not modelled.   *)
MultiReadStep ==
    /\ Due /\ inv = NoCam
    /\ LET R == Readable
           k == Cardinality(R)
       IN /\ k >= 2 /\ ReadsAhead(k)
          /\ {TraceLog[i + j].cam : j \in 1..k} = R
          /\ \A j \in 1..k :
                LET e == TraceLog[i + j] IN
                /\ Msg(e.cam) = [kind |-> e.kind, cookie |-> e.cookie]
                /\ (e.ev = "match") = Matches(e.cam)
          /\ i' = i + k
    /\ PollWake(CM)
    /\ UNCHANGED <<now, tev, inv, ahead, owed>>

(* The IPAs act lazily: camera c's IPA replies, emits or dies only while   *)
(* the next recorded event is camera c's. Acting earlier can only make a   *)
(* pipeline thread runnable sooner (a readable socket), which forbids      *)
(* ticks and enables no recorded event of another camera, and the order of *)
(* datagrams across cameras is invisible (one socket each), so every       *)
(* accepted behaviour has a lazy counterpart; the eager interleavings of   *)
(* six IPAs made a six-camera trace run for minutes.                       *)
(* One exception: the datagrams one poll wake-up reads. PollWake reads    *)
(* every readable socket at once, so when the next recorded events are     *)
(* reads of several cameras in one tick (a reply and another camera's      *)
(* event that reached their sockets together; the native worker made that  *)
(* common), each of those cameras' IPAs may act before the first of them.  *)
EnvFor(c) ==
    /\ Open
    /\ \/ E.cam = c
       \/ \E k \in 2..N : ReadsAhead(k) /\ TraceLog[i + k].cam = c

(* An IPA event the recording sees read off the socket: the base module's  *)
(* IPAEmit with the recorded count as budget.                              *)
TraceEmit(c) ==
    /\ alive[c] /\ tev[c] < TraceEvents[c + 1]
    /\ tev' = [tev EXCEPT ![c] = @ + 1]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, emitted, alive, deaths, call, queue, interrupt, stack, map, done, timer, app, i, now, ahead, owed>>

Hidden ==
    \/ /\ \/ inv = NoCam /\ queue = <<>> /\ Dispatch(CM)
          \/ inv = NoCam /\ Readable = {} /\ PollWake(CM)
          \/ inv = NoCam /\ Check(CM) /\ call' = call
          \/ \E c \in Cameras :
                \/ EnvFor(c) /\ (IPAReply(c, Unhandled(c)) \/ IPADie(c))
                   /\ UNCHANGED <<queue, interrupt, stack, map, done, timer, app>>
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

TraceNext == Visible \/ MultiReadStep \/ Hidden

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* Violated exactly when the whole recording has been matched: the trace is accepted.
TraceNotDone == i < Len(TraceLog)

\* Never violated; prints each new largest i (TLC runs one worker), so a rejection names its step.
TraceReached == i > TLCGet(1) => (TLCSet(1, i) /\ PrintT(<<"TRACE_REACHED", i>>))
=============================================================================
