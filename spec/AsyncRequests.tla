--------------------------- MODULE AsyncRequests ---------------------------
(***************************************************************************)
(* The "async" design raised in review, and the kit's "reference" design,  *)
(* which is async plus four mechanisms (docs/designs.md). A sync IPA call  *)
(* becomes a request: the camera manager thread sends it, records it as    *)
(* pending with a deadline timer, and goes back to its event loop. The     *)
(* loop completes the request when a reply with its cookie is read, when   *)
(* the deadline timer fires, or (reference) when the worker's exit is      *)
(* noticed. The application thread that asked for the operation (init,     *)
(* stop) is the one that waits, on the operation's completion; the camera  *)
(* manager thread never blocks and never runs a call inside another.       *)
(*                                                                         *)
(* Step boundaries, as the Java pipes take them; each camera manager step  *)
(* is one turn of its loop, which nothing else observes half done:         *)
(*   AppCall      the application thread posts the operation to the        *)
(*                camera manager thread and blocks on its completion;      *)
(*   CMDispatch   the loop runs the posted operation: the request gets the *)
(*                proxy's next cookie, is sent, and is recorded pending    *)
(*                with its deadline timer (a send that fails completes it  *)
(*                with an error at once); back to the loop;                *)
(*   CMReadyRead  the socket notifier reads one message: a pending cookie  *)
(*                completes that request (removed from the pending set);   *)
(*                anything else goes to the event path (recv), or, in the  *)
(*                reference, is dropped and counted if its cookie is not 0;*)
(*   CMTimeout    the deadline timer fires: the request completes with     *)
(*                -ETIMEDOUT and is removed from the pending set;          *)
(*   CMWorkerExit (reference) the worker's exit notification: every        *)
(*                pending request of that pipe completes with -ENOTCONN    *)
(*                and later requests fail at once;                         *)
(*   AppWake      the application thread wakes on the completion and the   *)
(*                blocking operation returns.                              *)
(* Which ready source the loop serves first is left open (libcamera's      *)
(* processEvents order is one of the orders allowed).                      *)
(*                                                                         *)
(* Completions are one per operation and complete once: completing one     *)
(* that already completed (a reply matched after a timeout in the mutant   *)
(* below) changes nothing, as completing a finished future does nothing.   *)
(*                                                                         *)
(* Worker death: async keeps libcamera's pipe, which closes its copy of    *)
(* the worker's socket end, so a pending request sees nothing and runs to  *)
(* its deadline; the next send fails (ECONNREFUSED). The reference watches *)
(* the worker process (FailFast): once the datagrams the worker sent       *)
(* before dying are read (the exit handler reads the socket dry first, so  *)
(* a reply already sent still completes its call), every pending request   *)
(* fails at once, within the turn, so before any time passes.              *)
(*                                                                         *)
(* Switches (each TRUE in the reference; async has only TimerRemoves):     *)
(*   NonZeroCookies  the proxy's counter starts at 1 (and skips 0 when it  *)
(*                   wraps, not reachable in these small models): cookie 0 *)
(*                   is only ever an IPA event;                            *)
(*   DropStale       a message with a cookie other than 0 that matches no  *)
(*                   pending request is a stale reply: dropped and counted *)
(*                   (staleReplies), never handed to the event path;       *)
(*   FailFast        the worker's exit completes its pending requests;     *)
(*   ReadBeforeFail  (with FailFast) the exit handler first reads what the *)
(*                   worker sent before dying, so a reply already in the   *)
(*                   socket completes its request instead of an error;     *)
(*   TimerRemoves    the deadline timer removes the request it times out.  *)
(* Matching comes first in every configuration: a message whose cookie is  *)
(* pending completes that request, whatever its kind; only then is cookie  *)
(* 0 an event and any other cookie a stale reply. With NonZeroCookies no   *)
(* request is ever pending under cookie 0, so no event can match.          *)
(* Mutants switch one mechanism off: reference-cookie0 (NonZeroCookies),   *)
(* reference-no-stale-drop (DropStale), reference-no-fail-fast (FailFast), *)
(* reference-fail-before-read (ReadBeforeFail), async-timer-keeps-pending  *)
(* (TimerRemoves).                                                         *)
(*                                                                         *)
(* Each application operation is one request here. A real operation may    *)
(* be a chain (Camera::stop(): IPA stop, then unmapBuffers, each started in*)
(* the turn that completes the one before); two requests in a row on one   *)
(* pipe are what Calls = 2 checks, with the application's wake-up between  *)
(* them instead of a turn that starts the next at once.                    *)
(*                                                                         *)
(* Framing (reference: both datagrams of a message queued together, sent   *)
(* in order when the socket is writable again) is not modelled: messages   *)
(* travel whole here, as in every spec of the kit; the scenario layer      *)
(* judges NoMessageLoss and NoFramingDesync.                               *)
(***************************************************************************)
EXTENDS IPCBase

CONSTANTS
    NonZeroCookies, \* requests never carry cookie 0 (reference)
    DropStale,      \* unmatched replies are dropped and counted, not emitted as events (reference)
    FailFast,       \* the worker's exit completes every pending request at once (reference)
    ReadBeforeFail, \* ... once the socket holds nothing the dead worker sent (reference)
    TimerRemoves    \* the deadline timer removes the request it completes (FALSE: mutant)

ASSUME NonZeroCookies \in BOOLEAN /\ DropStale \in BOOLEAN /\ FailFast \in BOOLEAN /\ ReadBeforeFail \in BOOLEAN
ASSUME TimerRemoves \in BOOLEAN

VARIABLES
    queue,      \* operations posted to the camera manager thread, oldest first: the camera of each
    pending,    \* pending[c]: pipe c's pending requests [ck (cookie), k (call index), left (ticks to its deadline; 0 = due; -1 = timer gone)]
    result,     \* result[c]: completion of camera c's current operation: "none" until completed, then "ok", "timeout" or "error"
    app,        \* app[c]: application thread of camera c: "idle" or "blocked" on result[c]
    exited,     \* exited[c]: pipe c has handled its worker's exit notification (FailFast)
    stale       \* stale[c]: pipe c's staleReplies counter (DropStale)

vars == <<queue, pending, result, app, exited, stale, baseVars>>

CM == "cm"
AppName == <<"app0", "app1", "app2", "app3", "app4", "app5">>
\* The thread that makes camera c's call and waits for it: its application thread.
Caller(c) == AppName[c + 1]

\* The k-th modelled call's cookie: libcamera's counter from Seq0, or the reference's, one higher when it would start at 0.
RequestCookie(k) == IF NonZeroCookies /\ Seq0 = 0 THEN CookieOf(k) + 1 ELSE CookieOf(k)
CallCookie(c) == RequestCookie(call[c].k)

\* IPA events reach the pipeline handler in the notifier's turn, so unhandled means still in the socket.
Unhandled(c) == EventsIn(fromIPA[c])

PendingFor(c, k) == {e \in pending[c] : e.k = k}

Init ==
    /\ BaseInit
    /\ queue = <<>>
    /\ pending = [c \in Cameras |-> {}]
    /\ result = [c \in Cameras |-> "none"]
    /\ app = [c \in Cameras |-> "idle"]
    /\ exited = [c \in Cameras |-> FALSE]
    /\ stale = [c \in Cameras |-> 0]

(* Completing request e of camera c with r: it sets the completion of the  *)
(* operation e belongs to, unless that completion is already set or e      *)
(* belongs to an earlier operation (whose completion is long set).         *)
Complete(c, e, r) ==
    result' = [result EXCEPT ![c] = IF e.k = call[c].k /\ @ = "none" THEN r ELSE @]

(* ---- application threads ---- *)

(* The application thread of camera c asks for its next operation (init,   *)
(* then stop): it posts it to the camera manager thread and blocks on the  *)
(* operation's completion, which starts unset.                             *)
AppCall(c) ==
    /\ app[c] = "idle" /\ MoreCalls(c)
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ queue' = Append(queue, c)
    /\ result' = [result EXCEPT ![c] = "none"]
    /\ call' = [call EXCEPT ![c] = CallQueued(@)]
    /\ UNCHANGED <<pending, exited, stale, toIPA, fromIPA, emitted, alive, deaths>>

(* The completion is set: the application thread wakes and its blocking    *)
(* operation returns the result.                                           *)
AppWake(c) ==
    /\ app[c] = "blocked" /\ result[c] # "none"
    /\ app' = [app EXCEPT ![c] = "idle"]
    /\ call' = [call EXCEPT ![c] = CallReturned(@, result[c])]
    /\ UNCHANGED <<queue, pending, result, exited, stale, toIPA, fromIPA, emitted, alive, deaths>>

(* ---- camera manager thread: one loop turn per step ---- *)

(* The loop runs a posted operation: the proxy numbers the request, the    *)
(* pipe sends it and records it pending with a deadline timer of Deadline  *)
(* ticks. A send fails at once when the worker is gone (ECONNREFUSED on    *)
(* libcamera's socket; ENOTCONN once the reference saw the exit): the      *)
(* request completes with an error in this turn.                           *)
CMDispatch ==
    /\ queue # <<>>
    /\ LET c == Head(queue)
           started == CallStarted(call[c])
           e == [ck |-> RequestCookie(started.k), k |-> started.k, left |-> Deadline]
       IN /\ queue' = Tail(queue)
          /\ call' = [call EXCEPT ![c] = started]
          /\ IF exited[c] \/ ~alive[c]
             THEN /\ result' = [result EXCEPT ![c] = "error"]
                  /\ UNCHANGED <<pending, toIPA>>
             ELSE /\ Send(c, e.ck)
                  /\ pending' = [pending EXCEPT ![c] = @ \cup {e}]
                  /\ UNCHANGED result
    /\ UNCHANGED <<app, exited, stale, fromIPA, emitted, alive, deaths>>

(* The socket notifier of pipe c reads one message. A pending request with *)
(* its cookie completes with it and leaves the pending set. Otherwise      *)
(* cookie 0 (or any cookie, without DropStale) goes to the event path: the *)
(* pipeline handler's IPA event slot runs in this turn; a reply there is   *)
(* decoded as an event. With DropStale a non-zero cookie is dropped and    *)
(* counted.                                                                *)
CMReadyRead(c) ==
    /\ fromIPA[c] # <<>>
    /\ LET m == Head(fromIPA[c])
           hit == {e \in pending[c] : e.ck = m.cookie}
       IN /\ fromIPA' = [fromIPA EXCEPT ![c] = Tail(@)]
          /\ IF hit # {}
             THEN LET e == CHOOSE x \in hit : TRUE IN
                  /\ pending' = [pending EXCEPT ![c] = @ \ {e}]
                  /\ Complete(c, e, "ok")
                  /\ call' = IF e.k = call[c].k THEN [call EXCEPT ![c] = Matched(@, m)] ELSE call
                  /\ UNCHANGED stale
             ELSE IF m.cookie = EventCookie \/ ~DropStale
             THEN /\ call' = [call EXCEPT ![c] = IF m.kind = "event" THEN EventHandled(@) ELSE ToEventPath(@, m)]
                  /\ UNCHANGED <<pending, result, stale>>
             ELSE /\ stale' = [stale EXCEPT ![c] = @ + 1]
                  /\ UNCHANGED <<pending, result, call>>
    /\ UNCHANGED <<queue, app, exited, toIPA, emitted, alive, deaths>>

(* A deadline timer of pipe c fires: its request completes with            *)
(* -ETIMEDOUT and leaves the pending set (TimerRemoves); the mutant leaves *)
(* it pending, without a timer, so a late reply still matches it.          *)
CMTimeout(c) ==
    /\ \E e \in pending[c] :
        /\ e.left = 0
        /\ pending' = [pending EXCEPT ![c] = IF TimerRemoves THEN @ \ {e} ELSE (@ \ {e}) \cup {[e EXCEPT !.left = -1]}]
        /\ Complete(c, e, "timeout")
    /\ UNCHANGED <<queue, app, exited, stale, baseVars>>

(* FailFast: the loop's exit notifier for worker c (a process watch, not   *)
(* the socket): every pending request completes with -ENOTCONN, and the    *)
(* pipe fails later requests at once. With ReadBeforeFail it does so once  *)
(* the socket holds nothing the worker sent before dying (the handler      *)
(* reads the socket dry first; those reads are CMReadyRead turns here,     *)
(* which no tick can separate from it); without, it may run first and fail *)
(* a request whose reply is already in the socket (the mutant).            *)
CMWorkerExit(c) ==
    /\ FailFast /\ ~alive[c] /\ ~exited[c] /\ (ReadBeforeFail => fromIPA[c] = <<>>)
    /\ exited' = [exited EXCEPT ![c] = TRUE]
    /\ pending' = [pending EXCEPT ![c] = {}]
    /\ result' = [result EXCEPT ![c] = IF PendingFor(c, call[c].k) # {} /\ @ = "none" THEN "error" ELSE @]
    /\ UNCHANGED <<queue, app, stale, baseVars>>

CMStep == CMDispatch \/ \E c \in Cameras : CMReadyRead(c) \/ CMTimeout(c) \/ CMWorkerExit(c)

CMRunnable(c) ==
    \/ fromIPA[c] # <<>>
    \/ \E e \in pending[c] : e.left = 0
    \/ FailFast /\ ~alive[c] /\ ~exited[c]

\* Every thread of the pipeline process: the camera manager loop with work, or an application thread whose completion is set.
Busy ==
    \/ queue # <<>>
    \/ \E c \in Cameras : CMRunnable(c) \/ (app[c] = "blocked" /\ result[c] # "none")

-----------------------------------------------------------------------------
\* Camera c's IPA events wait for the camera manager thread while another camera's call is in progress.
Slowed(c) == Unhandled(c) > 0 /\ \E d \in Cameras \ {c} : call[d].state = "calling"

(* A tick passes only while every pipeline thread is blocked: each pending *)
(* request's timer runs down towards its deadline.                         *)
Tick ==
    /\ ~Busy
    /\ pending' = [c \in Cameras |-> {[e EXCEPT !.left = IF @ > 0 THEN @ - 1 ELSE @] : e \in pending[c]}]
    /\ TickBase(Slowed)
    /\ UNCHANGED <<queue, result, app, exited, stale>>

IPAStep(c) ==
    /\ IPAEnvOf(c, Unhandled(c), CallCookie)
    /\ UNCHANGED <<queue, pending, result, app, exited, stale>>

Next ==
    \/ CMStep
    \/ \E c \in Cameras : AppCall(c) \/ AppWake(c) \/ IPAStep(c)
    \/ Tick

Spec == Init /\ [][Next]_vars /\ WF_vars(CMStep) /\ (\A c \in Cameras : WF_vars(AppWake(c))) /\ WF_vars(Tick)

-----------------------------------------------------------------------------
\* An application thread whose request is no longer pending (replied, timed out, failed) has its completion set, so it is runnable.
NoLostWakeup ==
    \A c \in Cameras : (call[c].state = "calling" /\ PendingFor(c, call[c].k) = {}) => result[c] # "none"

\* No thread is inside two sync calls at once: each application thread waits on one operation, and the camera manager thread holds none between its turns.
NoNestedDispatch == NoNestedDispatchOf(Caller)

\* Canary: an application thread is never blocked on a completion that is already set (must be violated).
CanaryNoWakeupDue == \A c \in Cameras : ~(app[c] = "blocked" /\ result[c] # "none")

\* Canary: see IPCBase.
CanaryNoEventDuringOtherCall == CanaryNoEventDuringOtherCallOf(Unhandled)

\* Canary: every reply that reaches the pipeline finds its request still pending (must be violated).
CanaryNoStaleReply ==
    \A c \in Cameras : \A i \in 1..Len(fromIPA[c]) :
        fromIPA[c][i].kind = "reply" => \E e \in pending[c] : e.ck = fromIPA[c][i].cookie

TypeOK ==
    /\ \A c \in Cameras :
        /\ app[c] \in {"idle", "blocked"}
        /\ result[c] \in {"none", "ok", "timeout", "error"}
        /\ \A e \in pending[c] : e.left \in -1..Deadline
        /\ stale[c] \in 0..Calls
=============================================================================
