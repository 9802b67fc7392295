--------------------------- MODULE NestedDispatch ---------------------------
(***************************************************************************)
(* The legacy design: IPCPipeUnixSocket::call() spins the calling thread's *)
(* event dispatcher until its reply's done flag is set or its 2000 ms      *)
(* Timer stops running (semantics doc sections 1 and 4).                   *)
(*                                                                         *)
(* Every thread keeps a stack of processEvents() levels. The bottom level  *)
(* of a thread with an event loop is Thread::exec()'s loop; every sendSync *)
(* pushes a level that first runs the loop test ("check") and then its own *)
(* processEvents(): "dispatch" (queued messages, one per step) and "poll"  *)
(* (blocked until a wake source is ready, then the interrupt is drained,   *)
(* every readable socket's notifier runs readyRead and expired timers are  *)
(* unregistered). A message dispatched at a level may start another        *)
(* sendSync, one level deeper.                                             *)
(*                                                                         *)
(* Every pipe, with its socket and notifier, is created by the camera      *)
(* manager thread. Who makes the calls is the constant Callers:            *)
(*   "cm"     upstream pipelines: each application thread posts blocking   *)
(*            invocations (init, then stop) to the camera manager thread,  *)
(*            which calls sendSync;                                        *)
(*   "app"    each application thread calls sendSync itself, spinning its  *)
(*            own dispatcher, which has nothing to dispatch;               *)
(*   "caller" the patch author's setup: the invocations are posted to one  *)
(*            caller thread with its own event loop, where the calls nest, *)
(*            while the sockets are read on the camera manager thread.     *)
(* In the last two, readyRead runs on the camera manager thread and writes *)
(* done without a lock and without interrupting the caller.               *)
(*                                                                         *)
(* Worker death: upstream closes the pipeline's copy of the worker's       *)
(* socket end once the worker is started, so the dead worker's end is      *)
(* released. Assumption, from the Linux AF_UNIX SOCK_DGRAM code: the       *)
(* surviving end of a datagram socketpair gets no EOF, no error and no     *)
(* POLLHUP when its peer is closed (only stream and seqpacket sockets are  *)
(* shut down), and libcamera's notifier watches POLLIN only; nothing in    *)
(* the pipe or proxy reacts to Process::finished. So a pending call sees   *)
(* nothing and runs to its 2000 ms timer; only the next send fails         *)
(* (ECONNREFUSED, then ENOTCONN), and call() returns that error at once.   *)
(***************************************************************************)
EXTENDS IPCBase

CONSTANT Callers    \* "cm", "app" or "caller": which thread makes the sync calls (see above)

VARIABLES
    queue,      \* messages posted to the calling thread (Host): the camera of each blocking call
    interrupt,  \* interrupt[t]: thread t's dispatcher eventfd was written and is not drained yet
    stack,      \* stack[t]: thread t's processEvents levels, bottom first: [cam, pc]
    map,        \* map[c]: cookie of pipe c's callData_ entry, NoCookie when erased
    done,       \* done[c]: that entry's done flag, set by readyRead
    timer,      \* timer[c]: ticks left on the Timer of c's call; 0 = deadline passed but still registered; -1 = not running
    app         \* app[c]: application thread of camera c: "idle" or "blocked" in a call

vars == <<queue, interrupt, stack, map, done, timer, app, baseVars>>

CM == "cm"
NoCam == -1
AppName == <<"app0", "app1", "app2", "app3", "app4", "app5">>
Caller(c) == CASE Callers = "cm" -> CM [] Callers = "app" -> AppName[c + 1] [] Callers = "caller" -> "caller"
\* The thread the application posts its calls to (unused when Callers = "app").
Host == IF Callers = "caller" THEN "caller" ELSE CM
Threads == {CM, Host} \cup {Caller(c) : c \in Cameras}
\* The caller is not the thread that reads the sockets.
CrossThread == Callers # "cm"

Top(t) == stack[t][Len(stack[t])]
Depth(t) == Len(stack[t])

\* The sockets' notifiers belong to the camera manager thread; a Timer to the thread that started it.
Readable == {c \in Cameras : fromIPA[c] # <<>>}
ExpiredTimers(t) == {c \in Cameras : Caller(c) = t /\ timer[c] = 0}
WakeReady(t) ==
    \/ interrupt[t]
    \/ t = CM /\ Readable # {}
    \/ ExpiredTimers(t) # {}

Runnable(t) == stack[t] # <<>> /\ (Top(t).pc # "poll" \/ WakeReady(t))
Busy == \E t \in Threads : Runnable(t)

SetTopPc(t, p) ==
    stack' = [stack EXCEPT ![t] = [stack[t] EXCEPT ![Depth(t)] = [Top(t) EXCEPT !.pc = p]]]

Unhandled(c) == EventsIn(fromIPA[c])

Init ==
    /\ BaseInit
    /\ queue = <<>>
    /\ interrupt = [t \in Threads |-> FALSE]
    /\ stack = [t \in Threads |-> IF t \in {CM, Host} THEN <<[cam |-> NoCam, pc |-> "dispatch"]>> ELSE <<>>]
    /\ map = [c \in Cameras |-> NoCookie]
    /\ done = [c \in Cameras |-> FALSE]
    /\ timer = [c \in Cameras |-> -1]
    /\ app = [c \in Cameras |-> "idle"]

(* call(c) on thread t, up to its loop: insert the callData_ entry, send   *)
(* the request, start the Timer, then the loop test. A send to a dead      *)
(* worker fails: the entry is erased and the error returned at once.       *)
StartSendSync(t, c, r, stackBelow) ==
    IF alive[c]
    THEN /\ map' = [map EXCEPT ![c] = CookieOf(r.k)]
         /\ done' = [done EXCEPT ![c] = FALSE]
         /\ Send(c, CookieOf(r.k))
         /\ timer' = [timer EXCEPT ![c] = Deadline]
         /\ stack' = [stack EXCEPT ![t] = Append(stackBelow, [cam |-> c, pc |-> "check"])]
         /\ call' = [call EXCEPT ![c] = CallStarted(r)]
         /\ app' = [app EXCEPT ![c] = "blocked"]
    ELSE /\ stack' = [stack EXCEPT ![t] = stackBelow]
         /\ call' = [call EXCEPT ![c] = CallReturned(CallStarted(r), "error")]
         /\ app' = [app EXCEPT ![c] = "idle"]
         /\ UNCHANGED <<map, done, toIPA, timer>>

(* The application thread of camera c makes its next call (init, stop):   *)
(* it enters sendSync itself (Callers = "app"), or posts a blocking        *)
(* invocation to the Host thread.                                          *)
AppCall(c) ==
    /\ app[c] = "idle" /\ MoreCalls(c)
    /\ IF Callers = "app"
       THEN /\ StartSendSync(Caller(c), c, CallQueued(call[c]), stack[Caller(c)])
            /\ UNCHANGED <<queue, interrupt>>
       ELSE \* postMessage(): append, then write the receiver's eventfd
            /\ app' = [app EXCEPT ![c] = "blocked"]
            /\ queue' = Append(queue, c)
            /\ interrupt' = [interrupt EXCEPT ![Host] = TRUE]
            /\ call' = [call EXCEPT ![c] = CallQueued(@)]
            /\ UNCHANGED <<stack, map, done, timer, toIPA>>
    /\ UNCHANGED <<fromIPA, emitted, alive, deaths>>

(* processEvents step 1: dispatch one queued message. The invoked method   *)
(* (the pipeline handler's init or stop) calls the IPA proxy, whose        *)
(* sendSync runs call() right here.                                        *)
Dispatch(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "dispatch"
    /\ IF t = Host /\ Callers # "app" /\ queue # <<>>
       THEN /\ queue' = Tail(queue)
            /\ StartSendSync(t, Head(queue), call[Head(queue)], stack[t])
            /\ UNCHANGED <<interrupt, fromIPA, emitted, alive, deaths>>
       ELSE /\ SetTopPc(t, "poll")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>

(* processEvents steps 2-4, one step because nothing else of this thread *)
(* runs in between and no tick can pass: poll returns because a wake      *)
(* source is ready; the interrupt is drained; each readable socket's      *)
(* notifier runs readyRead on one datagram (a cookie in callData_ sets    *)
(* that entry's done, anything else is emitted as an IPA event); then     *)
(* every expired timer of this thread is unregistered (isRunning() turns  *)
(* false). processEvents() then returns to the loop test, or to           *)
(* Thread::exec()'s loop at the bottom level.                             *)
PollWake(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "poll" /\ WakeReady(t)
    /\ LET R == IF t = CM THEN Readable ELSE {}
           msg(c) == Head(fromIPA[c])
           matches(c) == map[c] # NoCookie /\ msg(c).cookie = map[c]
       IN /\ interrupt' = [interrupt EXCEPT ![t] = FALSE]
          /\ fromIPA' = [c \in Cameras |-> IF c \in R THEN Tail(fromIPA[c]) ELSE fromIPA[c]]
          /\ done' = [c \in Cameras |-> IF c \in R /\ matches(c) THEN TRUE ELSE done[c]]
          /\ call' = [c \in Cameras |->
                IF c \notin R THEN call[c]
                ELSE IF matches(c) THEN Matched(call[c], msg(c))
                ELSE IF msg(c).kind = "event" THEN EventHandled(call[c])
                ELSE ToEventPath(call[c], msg(c))]
    /\ timer' = [c \in Cameras |-> IF c \in ExpiredTimers(t) THEN -1 ELSE timer[c]]
    /\ SetTopPc(t, IF Top(t).cam = NoCam THEN "dispatch" ELSE "check")
    /\ UNCHANGED <<queue, map, app, toIPA, emitted, alive, deaths>>

(* call() returns: erase the entry, destroy the Timer; the invocation (or  *)
(* the application's own call) completes and the application thread goes  *)
(* on to its next call.                                                   *)
Return(t, c, result) ==
    /\ stack' = [stack EXCEPT ![t] = SubSeq(@, 1, Depth(t) - 1)]
    /\ map' = [map EXCEPT ![c] = NoCookie]
    /\ done' = [done EXCEPT ![c] = FALSE]
    /\ timer' = [timer EXCEPT ![c] = -1]
    /\ app' = [app EXCEPT ![c] = "idle"]
    /\ call' = [call EXCEPT ![c] = CallReturned(@, result)]
    /\ UNCHANGED <<queue, interrupt, toIPA, fromIPA, emitted, alive, deaths>>

(* The loop test: while (!done) { if (!timeout.isRunning()) return        *)
(* -ETIMEDOUT; processEvents(); }. When the caller is the thread that     *)
(* reads the sockets, nothing can change done or the Timer between the    *)
(* two reads, so they are one step. Across threads they are two steps:    *)
(* done is read first ("check"), the Timer second ("timer"), and the       *)
(* camera manager thread may set done in between.                         *)
Check(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "check"
    /\ LET c == Top(t).cam IN
       IF done[c] THEN Return(t, c, "ok")
       ELSE IF CrossThread
       THEN /\ SetTopPc(t, "timer")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>
       ELSE IF timer[c] = -1 THEN Return(t, c, "timeout")
       ELSE /\ SetTopPc(t, "dispatch")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>

TimerTest(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "timer"
    /\ LET c == Top(t).cam IN
       IF timer[c] = -1 THEN Return(t, c, "timeout")
       ELSE /\ SetTopPc(t, "dispatch")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>

ThreadStep(t) == Dispatch(t) \/ PollWake(t) \/ Check(t) \/ TimerTest(t)

\* Event handling belongs to the camera manager thread; it is held by another camera's call if such a call is on its stack.
Slowed(c) ==
    /\ Unhandled(c) > 0
    /\ \E d \in Cameras \ {c} : call[d].state = "calling" /\ Caller(d) = CM

(* A tick passes only while every pipeline thread is blocked. *)
Tick ==
    /\ ~Busy
    /\ timer' = [c \in Cameras |-> IF timer[c] > 0 THEN timer[c] - 1 ELSE timer[c]]
    /\ TickBase(Slowed)
    /\ UNCHANGED <<queue, interrupt, stack, map, done, app>>

IPAStep(c) ==
    /\ IPAEnv(c, Unhandled(c))
    /\ UNCHANGED <<queue, interrupt, stack, map, done, timer, app>>

Next ==
    \/ \E t \in Threads : ThreadStep(t)
    \/ \E c \in Cameras : AppCall(c) \/ IPAStep(c)
    \/ Tick

Spec == Init /\ [][Next]_vars /\ (\A t \in Threads : WF_vars(ThreadStep(t))) /\ WF_vars(Tick)

-----------------------------------------------------------------------------
Asleep(t) == stack[t] # <<>> /\ Top(t).pc = "poll" /\ ~WakeReady(t)
Completed(c) == done[c] \/ timer[c] = -1

\* A thread never sleeps in poll while a sendSync on its stack already has its reply or its expired timer: that wake-up was consumed.
NoLostWakeup ==
    \A t \in Threads : Asleep(t) =>
        \A i \in 1..Depth(t) : stack[t][i].cam # NoCam => ~Completed(stack[t][i].cam)

\* A sync call never runs another operation's sync call on its stack.
NoNestedDispatch == NoNestedDispatchOf(Caller)

\* Canary: no thread ever holds two sendSync levels (must be violated when calls nest).
CanaryNoDepth2 == \A t \in Threads : Cardinality({i \in 1..Depth(t) : stack[t][i].cam # NoCam}) < 2

\* Canary: see IPCBase.
CanaryNoEventDuringOtherCall == CanaryNoEventDuringOtherCallOf(Unhandled)

TypeOK ==
    /\ \A t \in Threads : \A i \in 1..Depth(t) : stack[t][i].pc \in {"check", "timer", "dispatch", "poll"}
    /\ \A c \in Cameras : timer[c] \in -1..Deadline /\ app[c] \in {"idle", "blocked"}
=============================================================================
