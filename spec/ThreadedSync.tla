---------------------------- MODULE ThreadedSync ----------------------------
(***************************************************************************)
(* The proposed fix (semantics doc section 5): each pipe owns a receiver   *)
(* thread that holds the socket and its notifier. sendSync records the     *)
(* pending call under the pipe's mutex, sends, and blocks on the pipe's    *)
(* condition variable for up to 1000 ms without running any event loop;    *)
(* readyRead on the receiver thread completes the pending call or emits    *)
(* the datagram as an IPA event, which reaches the camera manager thread   *)
(* as a queued message.                                                    *)
(*                                                                         *)
(* Step boundaries follow the patch text, one TLA+ step per stretch of     *)
(* code that no other thread can observe in the middle:                   *)
(*   sendSync  (a) CMDispatch: lock, assert !pending, record pending and   *)
(*                 the cookie, unlock;                                     *)
(*             (b) CMSend: send the request, outside the lock;             *)
(*             (c) CMCheck / CMWake: the MutexLocker scope around          *)
(*                 cv_.wait_for(locker, 1000ms, pred): lock and test the   *)
(*                 predicate; either wait (unlock and sleep, atomically)   *)
(*                 or leave the scope (unlock) and test `complete`;        *)
(*             (e) CMCleanup: `cleanup:` locks again, clears pending,      *)
(*                 unlocks and returns -ETIMEDOUT unconditionally.         *)
(*   readyRead (r) RxReadyRead: receive, lock, match (clear pending, move  *)
(*                 the payload) or not, unlock; no match emits recv;       *)
(*             (n) RxNotify: notify_one(), outside the lock.               *)
(* Each critical section is one step, which is the mutual exclusion the    *)
(* mutex gives; no section spans two steps, so the mutex needs no          *)
(* variable. Between (c) and (e), and between (r) and (n), other threads   *)
(* run: that is where NoMatchedReplyTimeout and NoLostWakeup are decided.  *)
(* Receiving the datagram is folded into (r) because only this receiver   *)
(* reads the socket; emitting recv after the unlock is folded in too: the  *)
(* queue only orders messages, and whatever other threads do between the  *)
(* unlock and the emit they can equally do just after it, so every order   *)
(* of queued messages the real code allows, the model allows.              *)
(*                                                                         *)
(* One application thread per camera posts its calls (init, then stop) as *)
(* blocking invocations to the camera manager thread, which makes the sync *)
(* calls. The camera manager thread's poll is implicit: it sleeps exactly  *)
(* while its queue is empty, because postMessage() always interrupts it.   *)
(* The constructor's "socket ready" wait on the same condition variable is *)
(* over before any call and is not modelled.                               *)
(*                                                                         *)
(* Worker death is invisible here: the patch keeps the pipeline's copy of  *)
(* the worker's socket end open for the pipe's life, so the socket never   *)
(* sees its peer go, sends keep succeeding into the buffer (the requests   *)
(* are lost) and a pending call waits out its full deadline.               *)
(*                                                                         *)
(* Notify = FALSE is the mutant with notify_one() removed; it must fail    *)
(* NoLostWakeup.                                                           *)
(***************************************************************************)
EXTENDS IPCBase, TLC

CONSTANT Notify     \* TRUE: readyRead calls notify_one() after unlocking

VARIABLES
    queue,      \* messages posted to the camera manager thread: [type |-> "call"/"recv", cam, kind]
    cm,         \* the camera manager thread: [pc, cam]; pc "idle" = in its event loop
    pending,    \* pending[c]: sendSyncPending_ of pipe c (guarded by pipe c's mutex)
    cookie,     \* cookie[c]: cookie of pipe c's pending call (guarded by pipe c's mutex)
    waiters,    \* waiters[c]: threads blocked on pipe c's condition variable
    timer,      \* timer[c]: ticks left of the caller's wait_for on pipe c; 0 = deadline passed; -1 = not waiting
    rx,         \* rx[c]: receiver thread of pipe c: "idle" (in its event loop) or "notify" (about to notify_one)
    app         \* app[c]: application thread of camera c: "idle" or "blocked" in a call

vars == <<queue, cm, pending, cookie, waiters, timer, rx, app, baseVars>>

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
    /\ rx = [c \in Cameras |-> "idle"]
    /\ app = [c \in Cameras |-> "idle"]

(* The application thread of camera c makes its next call (init, stop):   *)
(* a blocking invocation posted to the camera manager thread.              *)
AppCall(c) ==
    /\ app[c] = "idle" /\ MoreCalls(c)
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ queue' = Append(queue, [type |-> "call", cam |-> c, kind |-> "none"])
    /\ call' = [call EXCEPT ![c] = CallQueued(@)]
    /\ UNCHANGED <<cm, pending, cookie, waiters, timer, rx, toIPA, fromIPA, emitted, alive, deaths>>

(* sendSync returns: the blocking invocation completes, releasing the application thread. *)
Return(c, result) ==
    /\ cm' = [pc |-> "idle", cam |-> NoCam]
    /\ timer' = [timer EXCEPT ![c] = -1]
    /\ app' = [app EXCEPT ![c] = "idle"]
    /\ call' = [call EXCEPT ![c] = CallReturned(@, result)]

(* ---- camera manager thread ---- *)

(* The event loop dispatches one message. recv runs the pipeline handler's *)
(* IPA event slot. A call enters sendSync, step (a).                       *)
CMDispatch ==
    /\ cm.pc = "idle" /\ queue # <<>>
    /\ queue' = Tail(queue)
    /\ LET m == Head(queue) IN
       IF m.type = "call"
       THEN /\ Assert(~pending[m.cam], "sendSync while a call is pending")
            /\ cm' = [pc |-> "send", cam |-> m.cam]
            /\ pending' = [pending EXCEPT ![m.cam] = TRUE]
            /\ cookie' = [cookie EXCEPT ![m.cam] = CurrentCookie(m.cam)]
            /\ call' = [call EXCEPT ![m.cam] = CallStarted(@)]
       ELSE /\ call' = IF m.kind = "event" THEN [call EXCEPT ![m.cam] = EventHandled(@)] ELSE call
            /\ UNCHANGED <<cm, pending, cookie>>
    /\ UNCHANGED <<waiters, timer, rx, app, toIPA, fromIPA, emitted, alive, deaths>>

(* Step (b): send, outside the lock. It cannot fail here (the worker's end *)
(* stays open in this process), so the `cleanup:` jump on a failed send is *)
(* never taken. wait_for's 1000 ms deadline starts with the next step.     *)
CMSend ==
    LET c == cm.cam IN
    /\ cm.pc = "send"
    /\ Send(c, cookie[c])
    /\ timer' = [timer EXCEPT ![c] = Deadline]
    /\ cm' = [cm EXCEPT !.pc = "check"]
    /\ UNCHANGED <<queue, pending, cookie, waiters, rx, app, fromIPA, emitted, alive, deaths, call>>

(* Step (c), first pass: MutexLocker locks; wait_for tests the predicate   *)
(* (!pending). True: the scope ends (unlock), `complete` is true, return 0. *)
(* False: wait, which unlocks and joins the waiters atomically.           *)
CMCheck ==
    LET c == cm.cam IN
    /\ cm.pc = "check"
    /\ IF ~pending[c]
       THEN /\ Return(c, "ok")
            /\ UNCHANGED waiters
       ELSE /\ waiters' = [waiters EXCEPT ![c] = @ \cup {CM}]
            /\ cm' = [cm EXCEPT !.pc = "wait"]
            /\ UNCHANGED <<timer, app, call>>
    /\ UNCHANGED <<queue, pending, cookie, rx, toIPA, fromIPA, emitted, alive, deaths>>

(* Step (c), after waking (notified, or the deadline passed): wait re-locks *)
(* and the predicate is tested again. True: leave the scope, return 0.     *)
(* False at the deadline: wait_for returns false, the scope ends (unlock)  *)
(* and `if (!complete)` goes to cleanup, a separate step. Otherwise sleep  *)
(* again.                                                                  *)
CMWake ==
    LET c == cm.cam IN
    /\ cm.pc = "wait"
    /\ CM \notin waiters[c] \/ timer[c] = 0
    /\ IF ~pending[c]
       THEN /\ Return(c, "ok")
            /\ waiters' = [waiters EXCEPT ![c] = @ \ {CM}]
       ELSE IF timer[c] = 0
       THEN /\ cm' = [cm EXCEPT !.pc = "cleanup"]
            /\ waiters' = [waiters EXCEPT ![c] = @ \ {CM}]
            /\ UNCHANGED <<timer, app, call>>
       ELSE /\ waiters' = [waiters EXCEPT ![c] = @ \cup {CM}]
            /\ UNCHANGED <<cm, timer, app, call>>
    /\ UNCHANGED <<queue, pending, cookie, rx, toIPA, fromIPA, emitted, alive, deaths>>

(* Step (e), `cleanup:`: lock, pending = false, unlock, return -ETIMEDOUT, *)
(* even if readyRead matched the reply since step (c) released the mutex.  *)
CMCleanup ==
    LET c == cm.cam IN
    /\ cm.pc = "cleanup"
    /\ pending' = [pending EXCEPT ![c] = FALSE]
    /\ Return(c, "timeout")
    /\ UNCHANGED <<queue, cookie, waiters, rx, toIPA, fromIPA, emitted, alive, deaths>>

CMStep == CMDispatch \/ CMSend \/ CMCheck \/ CMWake \/ CMCleanup

CMRunnable ==
    \/ cm.pc = "idle" /\ queue # <<>>
    \/ cm.pc \in {"send", "check", "cleanup"}
    \/ cm.pc = "wait" /\ (CM \notin waiters[cm.cam] \/ timer[cm.cam] = 0)

(* ---- receiver thread of pipe c ---- *)

(* Step (r): poll returns for the readable socket; readyRead receives one  *)
(* datagram, locks, and if a call is pending with this cookie clears       *)
(* pending and moves the payload into the caller's response; unlocks. No  *)
(* match: recv is emitted, a queued message to the camera manager thread.  *)
RxReadyRead(c) ==
    LET m == Head(fromIPA[c]) IN
    /\ rx[c] = "idle" /\ fromIPA[c] # <<>>
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Tail(@)]
    /\ IF pending[c] /\ m.cookie = cookie[c]
       THEN /\ pending' = [pending EXCEPT ![c] = FALSE]
            /\ rx' = [rx EXCEPT ![c] = IF Notify THEN "notify" ELSE "idle"]
            /\ call' = [call EXCEPT ![c] = Matched(@, m)]
            /\ UNCHANGED queue
       ELSE /\ queue' = Append(queue, [type |-> "recv", cam |-> c, kind |-> m.kind])
            /\ call' = [call EXCEPT ![c] = ToEventPath(@, m)]
            /\ UNCHANGED <<pending, rx>>
    /\ UNCHANGED <<cm, cookie, waiters, timer, app, toIPA, emitted, alive, deaths>>

(* Step (n): notify_one(), its own step after the unlock; it wakes one    *)
(* waiter if there is one and is lost otherwise.                          *)
RxNotify(c) ==
    /\ rx[c] = "notify"
    /\ rx' = [rx EXCEPT ![c] = "idle"]
    /\ waiters' = IF waiters[c] # {}
                  THEN [waiters EXCEPT ![c] = @ \ {CHOOSE w \in waiters[c] : TRUE}]
                  ELSE waiters
    /\ UNCHANGED <<queue, cm, pending, cookie, timer, app, baseVars>>

RxStep(c) == RxReadyRead(c) \/ RxNotify(c)

RxRunnable(c) == (rx[c] = "idle" /\ fromIPA[c] # <<>>) \/ rx[c] = "notify"

Busy == CMRunnable \/ \E c \in Cameras : RxRunnable(c)

-----------------------------------------------------------------------------
\* Camera c's IPA events are handled by the camera manager thread; it is held while inside another camera's sendSync.
Slowed(c) == Unhandled(c) > 0 /\ cm.pc # "idle" /\ cm.cam # c

(* A tick passes only while every pipeline thread is blocked. *)
Tick ==
    /\ ~Busy
    /\ timer' = [c \in Cameras |-> IF timer[c] > 0 THEN timer[c] - 1 ELSE timer[c]]
    /\ TickBase(Slowed)
    /\ UNCHANGED <<queue, cm, pending, cookie, waiters, rx, app>>

IPAStep(c) ==
    /\ IPAEnv(c, Unhandled(c))
    /\ UNCHANGED <<queue, cm, pending, cookie, waiters, timer, rx, app>>

Next ==
    \/ CMStep
    \/ \E c \in Cameras : RxStep(c) \/ AppCall(c) \/ IPAStep(c)
    \/ Tick

Spec == Init /\ [][Next]_vars /\ WF_vars(CMStep) /\ (\A c \in Cameras : WF_vars(RxStep(c))) /\ WF_vars(Tick)

-----------------------------------------------------------------------------
Asleep(c) == cm.pc = "wait" /\ cm.cam = c /\ CM \in waiters[c]

\* A caller asleep on the condition variable after its call completed has a notify_one still to come, or its deadline has passed.
NoLostWakeup ==
    \A c \in Cameras : (Asleep(c) /\ ~pending[c]) => (rx[c] = "notify" \/ timer[c] = 0)

\* A sync call never runs another operation's sync call on its stack.
NoNestedDispatch == NoNestedDispatchOf(Caller)

\* Canary: a caller is never asleep on the condition variable after its call completed (must be violated).
CanaryNoWakeupDue == \A c \in Cameras : ~(Asleep(c) /\ ~pending[c])

\* Canary: see IPCBase.
CanaryNoEventDuringOtherCall == CanaryNoEventDuringOtherCallOf(Unhandled)

TypeOK ==
    /\ cm.pc \in {"idle", "send", "check", "wait", "cleanup"}
    /\ \A c \in Cameras : timer[c] \in -1..Deadline /\ waiters[c] \subseteq {CM} /\ rx[c] \in {"idle", "notify"}
=============================================================================
