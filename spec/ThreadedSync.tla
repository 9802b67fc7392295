---------------------------- MODULE ThreadedSync ----------------------------
(***************************************************************************)
(* The proposed fix (semantics doc section 5): each pipe owns a receiver   *)
(* thread that holds the socket and its notifier. sendSync records the     *)
(* pending call under the pipe's mutex, sends, and blocks on the pipe's    *)
(* condition variable for up to 1000 ms without running any event loop;    *)
(* readyRead on the receiver thread completes the pending call (clear      *)
(* pending, notify_one) or emits the datagram as an IPA event, which       *)
(* reaches the camera manager thread as a queued message.                  *)
(*                                                                         *)
(* As in NestedDispatch, one application thread per camera calls           *)
(* Camera::stop() once, posting a blocking invocation to the camera        *)
(* manager thread, which makes the sync calls. The camera manager thread's *)
(* poll is implicit: it sleeps exactly while its queue is empty, because   *)
(* postMessage() always interrupts it. The pipe constructor's wait for     *)
(* "socket ready" on the same condition variable is over before any call   *)
(* and is not modelled. The pipe's mutex has no variable: each critical   *)
(* section (recording the call, the predicate check that ends in wait or  *)
(* return, the receiver's match) is one atomic step, which is exactly the *)
(* exclusion the mutex provides, and wait() unlocks and sleeps atomically. *)
(*                                                                         *)
(* Notify = FALSE is the mutant with notify_one() removed; it must fail    *)
(* NoLostWakeup.                                                           *)
(***************************************************************************)
EXTENDS IPCBase, TLC

CONSTANT Notify     \* TRUE: readyRead calls notify_one() after clearing pending

VARIABLES
    queue,      \* messages posted to the camera manager thread: [type |-> "stop"/"recv", cam, kind]
    cm,         \* the camera manager thread: [pc, cam]; pc "idle" = in its event loop
    pending,    \* pending[c]: pipe c has a sync call in flight (guarded by pipe c's mutex)
    cookie,     \* cookie[c]: cookie of pipe c's pending call (guarded by pipe c's mutex)
    waiters,    \* waiters[c]: threads blocked on pipe c's condition variable
    timer,      \* timer[c]: ticks left of the caller's wait_for on pipe c; 0 = timed out; -1 = not waiting
    app         \* app[c]: application thread of camera c: "idle", "blocked" in stop(), "returned"

vars == <<queue, cm, pending, cookie, waiters, timer, app, baseVars>>

CM == "cm"
NoCam == -1
Caller(c) == CM

Unhandled(c) ==
    EventsIn(fromIPA[c])
    + Len(SelectSeq(queue, LAMBDA m : m.type = "recv" /\ m.cam = c /\ m.kind = "event"))

Init ==
    /\ BaseInit
    /\ queue = <<>>
    /\ cm = [pc |-> "idle", cam |-> NoCam]
    /\ pending = [c \in Cameras |-> FALSE]
    /\ cookie = [c \in Cameras |-> NoCookie]
    /\ waiters = [c \in Cameras |-> {}]
    /\ timer = [c \in Cameras |-> -1]
    /\ app = [c \in Cameras |-> "idle"]

(* The application thread of camera c calls Camera::stop(): a blocking    *)
(* invocation posted to the camera manager thread.                         *)
AppStop(c) ==
    /\ app[c] = "idle"
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ queue' = Append(queue, [type |-> "stop", cam |-> c, kind |-> "none"])
    /\ call' = [call EXCEPT ![c] = CallQueued(@)]
    /\ UNCHANGED <<cm, pending, cookie, waiters, timer, toIPA, fromIPA, emitted>>

(* ---- camera manager thread ---- *)

(* The event loop dispatches one message. A recv message runs the         *)
(* pipeline handler's IPA event slot. stop(c) enters sendSync(c): under    *)
(* the mutex, assert no call is pending, record pending and the cookie;    *)
(* unlock; send the request; wait_for's 1000 ms deadline starts.           *)
CMDispatch ==
    /\ cm.pc = "idle" /\ queue # <<>>
    /\ queue' = Tail(queue)
    /\ LET m == Head(queue) IN
       IF m.type = "stop"
       THEN /\ Assert(~pending[m.cam], "sendSync while a call is pending")
            /\ cm' = [pc |-> "check", cam |-> m.cam]
            /\ pending' = [pending EXCEPT ![m.cam] = TRUE]
            /\ cookie' = [cookie EXCEPT ![m.cam] = Seq0]
            /\ toIPA' = [toIPA EXCEPT ![m.cam] = Append(@, Seq0)]
            /\ timer' = [timer EXCEPT ![m.cam] = Deadline]
            /\ call' = [call EXCEPT ![m.cam] = CallStarted(@)]
       ELSE /\ call' = IF m.kind = "event" THEN [call EXCEPT ![m.cam] = EventHandled(@)] ELSE call
            /\ UNCHANGED <<cm, pending, cookie, toIPA, timer>>
    /\ UNCHANGED <<waiters, app, fromIPA, emitted>>

(* wait_for's predicate loop: lock the mutex; return if !pending; on      *)
(* timeout clear pending and return an error; otherwise unlock and join   *)
(* the condition variable's waiters, atomically (that is what wait does). *)
CMCheck ==
    LET c == cm.cam IN
    /\ cm.pc = "check"
    /\ IF ~pending[c] \/ timer[c] = 0
       THEN LET result == IF ~pending[c] THEN "ok" ELSE "timeout" IN
            /\ pending' = [pending EXCEPT ![c] = FALSE]
            /\ timer' = [timer EXCEPT ![c] = -1]
            /\ cm' = [pc |-> "idle", cam |-> NoCam]
            /\ app' = [app EXCEPT ![c] = "returned"]
            /\ call' = [call EXCEPT ![c] = CallReturned(@, result)]
            /\ UNCHANGED waiters
       ELSE /\ waiters' = [waiters EXCEPT ![c] = @ \cup {CM}]
            /\ cm' = [cm EXCEPT !.pc = "wait"]
            /\ UNCHANGED <<pending, timer, app, call>>
    /\ UNCHANGED <<queue, cookie, toIPA, fromIPA, emitted>>

(* Woken by notify_one (no longer a waiter) or by the wait's deadline;    *)
(* the loop re-locks and re-checks.                                       *)
CMWake ==
    LET c == cm.cam IN
    /\ cm.pc = "wait"
    /\ CM \notin waiters[c] \/ timer[c] = 0
    /\ waiters' = [waiters EXCEPT ![c] = @ \ {CM}]
    /\ cm' = [cm EXCEPT !.pc = "check"]
    /\ UNCHANGED <<queue, pending, cookie, timer, app, baseVars>>

CMStep == CMDispatch \/ CMCheck \/ CMWake

CMRunnable ==
    \/ cm.pc = "idle" /\ queue # <<>>
    \/ cm.pc = "check"
    \/ cm.pc = "wait" /\ (CM \notin waiters[cm.cam] \/ timer[cm.cam] = 0)

(* ---- receiver thread of pipe c ---- *)

(* Its poll returns for the readable socket and readyRead receives one    *)
(* datagram. Under the mutex, a pending call with this cookie takes it    *)
(* (clear pending, notify_one); anything else is, after unlocking,        *)
(* emitted as recv: a queued message to the camera manager thread.        *)
RxReadyRead(c) ==
    LET m == Head(fromIPA[c]) IN
    /\ fromIPA[c] # <<>>
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Tail(@)]
    /\ IF pending[c] /\ m.cookie = cookie[c]
       THEN /\ pending' = [pending EXCEPT ![c] = FALSE]
            /\ waiters' = IF Notify /\ waiters[c] # {}
                          THEN [waiters EXCEPT ![c] = @ \ {CHOOSE w \in waiters[c] : TRUE}]
                          ELSE waiters
            /\ call' = IF m.kind = "event" THEN [call EXCEPT ![c] = EventTakenAsReply(@)] ELSE call
            /\ UNCHANGED queue
       ELSE /\ queue' = Append(queue, [type |-> "recv", cam |-> c, kind |-> m.kind])
            /\ call' = IF m.kind = "reply" THEN [call EXCEPT ![c] = ReplyToEventPath(@)] ELSE call
            /\ UNCHANGED <<pending, waiters>>
    /\ UNCHANGED <<cm, cookie, timer, app, toIPA, emitted>>

RxStep(c) == RxReadyRead(c)

RxRunnable(c) == fromIPA[c] # <<>>

Busy == CMRunnable \/ \E c \in Cameras : RxRunnable(c)

-----------------------------------------------------------------------------
\* Camera c's IPA events are handled by the camera manager thread; it is held while inside another camera's sendSync.
Slowed(c) == Unhandled(c) > 0 /\ cm.pc # "idle" /\ cm.cam # c

(* A tick passes only while every pipeline thread is blocked. *)
Tick ==
    /\ ~Busy
    /\ timer' = [c \in Cameras |-> IF timer[c] > 0 THEN timer[c] - 1 ELSE timer[c]]
    /\ TickGhost(Slowed)
    /\ UNCHANGED <<queue, cm, pending, cookie, waiters, app, toIPA, fromIPA, emitted>>

IPAStep(c) ==
    /\ \/ IPAReply(c, Unhandled(c))
       \/ IPAEmit(c)
    /\ UNCHANGED <<queue, cm, pending, cookie, waiters, timer, app>>

Next ==
    \/ CMStep
    \/ \E c \in Cameras : RxStep(c) \/ AppStop(c) \/ IPAStep(c)
    \/ Tick

Spec == Init /\ [][Next]_vars /\ WF_vars(CMStep) /\ (\A c \in Cameras : WF_vars(RxStep(c))) /\ WF_vars(Tick)

-----------------------------------------------------------------------------
\* A caller asleep on the condition variable before its deadline is still waiting for a reply that has not been processed.
NoLostWakeup ==
    \A c \in Cameras :
        (cm.pc = "wait" /\ cm.cam = c /\ CM \in waiters[c] /\ timer[c] > 0) => pending[c]

\* A sync call never runs another operation's sync call on its stack.
NoNestedDispatch == NoNestedDispatchOf(Caller)

TypeOK ==
    /\ cm.pc \in {"idle", "check", "wait"}
    /\ \A c \in Cameras : timer[c] \in -1..Deadline /\ waiters[c] \subseteq {CM}
=============================================================================
