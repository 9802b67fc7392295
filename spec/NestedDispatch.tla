--------------------------- MODULE NestedDispatch ---------------------------
(***************************************************************************)
(* The legacy design: IPCPipeUnixSocket::sendSync spins the calling        *)
(* thread's event dispatcher until its reply's done flag is set or its     *)
(* 2000 ms Timer stops running (semantics doc sections 1 and 4).           *)
(*                                                                         *)
(* Every thread keeps a stack of processEvents() levels. The bottom level  *)
(* of the camera manager thread is Thread::exec()'s loop; every sendSync   *)
(* pushes a level that first runs the sendSync loop test ("check") and     *)
(* then its own processEvents(): "dispatch" (queued messages, one per      *)
(* step) and "poll" (blocked until a wake source is ready, then the        *)
(* interrupt is drained, every readable socket's notifier runs readyRead   *)
(* and expired timers are unregistered). A message dispatched at a level   *)
(* may start another sendSync, one level deeper.                           *)
(*                                                                         *)
(* The application has one thread per camera that calls Camera::stop()     *)
(* once. With CrossThread = FALSE (upstream pipelines) stop() posts a      *)
(* blocking invocation to the camera manager thread, which created every   *)
(* pipe. With CrossThread = TRUE the application thread calls sendSync     *)
(* itself, spinning its own dispatcher, while the pipe's socket notifier   *)
(* stays with the camera manager thread (the cross-thread caller of        *)
(* section 4).                                                             *)
(***************************************************************************)
EXTENDS IPCBase

CONSTANT CrossThread    \* TRUE: application threads call sendSync directly

VARIABLES
    queue,      \* messages posted to the camera manager thread: the camera of each blocking stop()
    interrupt,  \* interrupt[t]: thread t's dispatcher eventfd was written and is not drained yet
    stack,      \* stack[t]: thread t's processEvents levels, bottom first: [cam, pc]
    map,        \* map[c]: cookie of pipe c's pending-call map entry, NoCookie when erased
    done,       \* done[c]: that entry's done flag, set by readyRead
    timer,      \* timer[c]: ticks left on the Timer of c's sendSync; 0 = deadline passed but still registered; -1 = not running
    app         \* app[c]: application thread of camera c: "idle", "blocked" in stop(), "returned"

vars == <<queue, interrupt, stack, map, done, timer, app, baseVars>>

CM == "cm"
NoCam == -1
AppName == <<"app0", "app1", "app2", "app3", "app4", "app5">>
Caller(c) == IF CrossThread THEN AppName[c + 1] ELSE CM
Threads == {CM} \cup {Caller(c) : c \in Cameras}

Top(t) == stack[t][Len(stack[t])]
Depth(t) == Len(stack[t])

\* The sockets' notifiers belong to the thread that created the pipes; a Timer to the thread that started it.
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
    /\ stack = [t \in Threads |-> IF t = CM THEN <<[cam |-> NoCam, pc |-> "dispatch"]>> ELSE <<>>]
    /\ map = [c \in Cameras |-> NoCookie]
    /\ done = [c \in Cameras |-> FALSE]
    /\ timer = [c \in Cameras |-> -1]
    /\ app = [c \in Cameras |-> "idle"]

(* sendSync(c) on thread t, up to its loop: insert the map entry, send the *)
(* request, start the Timer, then the loop test.                           *)
StartSendSync(t, c, stackBelow) ==
    /\ map' = [map EXCEPT ![c] = Seq0]
    /\ done' = [done EXCEPT ![c] = FALSE]
    /\ toIPA' = [toIPA EXCEPT ![c] = Append(@, Seq0)]
    /\ timer' = [timer EXCEPT ![c] = Deadline]
    /\ stack' = [stack EXCEPT ![t] = Append(stackBelow, [cam |-> c, pc |-> "check"])]
    /\ call' = [call EXCEPT ![c] = CallStarted(@)]

(* The application thread of camera c calls Camera::stop(). *)
AppStop(c) ==
    /\ app[c] = "idle"
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ IF CrossThread
       THEN /\ StartSendSync(Caller(c), c, stack[Caller(c)])
            /\ UNCHANGED <<queue, interrupt, fromIPA, emitted>>
       ELSE \* postMessage(): append, then write the receiver's eventfd
            /\ queue' = Append(queue, c)
            /\ interrupt' = [interrupt EXCEPT ![CM] = TRUE]
            /\ call' = [call EXCEPT ![c] = CallQueued(@)]
            /\ UNCHANGED <<stack, map, done, timer, toIPA, fromIPA, emitted>>

(* processEvents step 1: dispatch one queued message. stop(c) runs the     *)
(* pipeline handler's stop, whose IPA proxy calls sendSync right here.      *)
Dispatch(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "dispatch"
    /\ IF t = CM /\ queue # <<>>
       THEN /\ queue' = Tail(queue)
            /\ StartSendSync(t, Head(queue), stack[t])
            /\ UNCHANGED <<interrupt, app, fromIPA, emitted>>
       ELSE /\ SetTopPc(t, "poll")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>

(* processEvents steps 2-4, one step because nothing else of this thread *)
(* runs in between and no tick can pass: poll returns because a wake      *)
(* source is ready; the interrupt is drained; each readable socket's      *)
(* notifier runs readyRead on one datagram (a cookie in the map sets that *)
(* entry's done, anything else is emitted as an IPA event); then every    *)
(* expired timer of this thread is unregistered (Timer::isRunning()       *)
(* becomes false). processEvents() then returns to the sendSync loop test, *)
(* or to Thread::exec()'s loop at the bottom level.                       *)
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
                ELSE IF matches(c)
                     THEN IF msg(c).kind = "event" THEN EventTakenAsReply(call[c]) ELSE call[c]
                     ELSE IF msg(c).kind = "event" THEN EventHandled(call[c])
                          ELSE ReplyToEventPath(call[c])]
    /\ timer' = [c \in Cameras |-> IF c \in ExpiredTimers(t) THEN -1 ELSE timer[c]]
    /\ SetTopPc(t, IF Top(t).cam = NoCam THEN "dispatch" ELSE "check")
    /\ UNCHANGED <<queue, map, app, toIPA, emitted>>

(* sendSync's loop test: while (!done) { if (!timer.isRunning()) return   *)
(* -ETIMEDOUT; processEvents(); }. Returning erases the entry, destroys    *)
(* the Timer and completes stop(), releasing the application thread.      *)
Check(t) ==
    /\ stack[t] # <<>> /\ Top(t).pc = "check"
    /\ LET c == Top(t).cam IN
       IF done[c] \/ timer[c] = -1
       THEN /\ stack' = [stack EXCEPT ![t] = SubSeq(@, 1, Depth(t) - 1)]
            /\ map' = [map EXCEPT ![c] = NoCookie]
            /\ done' = [done EXCEPT ![c] = FALSE]
            /\ timer' = [timer EXCEPT ![c] = -1]
            /\ app' = [app EXCEPT ![c] = "returned"]
            /\ call' = [call EXCEPT ![c] = CallReturned(@, IF done[c] THEN "ok" ELSE "timeout")]
            /\ UNCHANGED <<queue, interrupt, toIPA, fromIPA, emitted>>
       ELSE /\ SetTopPc(t, "dispatch")
            /\ UNCHANGED <<queue, interrupt, map, done, timer, app, baseVars>>

ThreadStep(t) == Dispatch(t) \/ PollWake(t) \/ Check(t)

\* Event handling belongs to the camera manager thread; it is held by another camera's call if such a call is on its stack.
Slowed(c) ==
    /\ Unhandled(c) > 0
    /\ \E d \in Cameras \ {c} : call[d].state = "calling" /\ Caller(d) = CM

(* A tick passes only while every pipeline thread is blocked. *)
Tick ==
    /\ ~Busy
    /\ timer' = [c \in Cameras |-> IF timer[c] > 0 THEN timer[c] - 1 ELSE timer[c]]
    /\ TickGhost(Slowed)
    /\ UNCHANGED <<queue, interrupt, stack, map, done, app, toIPA, fromIPA, emitted>>

IPAStep(c) ==
    /\ \/ IPAReply(c, Unhandled(c))
       \/ IPAEmit(c)
    /\ UNCHANGED <<queue, interrupt, stack, map, done, timer, app>>

Next ==
    \/ \E t \in Threads : ThreadStep(t)
    \/ \E c \in Cameras : AppStop(c) \/ IPAStep(c)
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

\* Canary: the camera manager thread never holds two sendSync levels (must be violated when CrossThread = FALSE).
CanaryNoDepth2 == Cardinality({i \in 1..Depth(CM) : stack[CM][i].cam # NoCam}) < 2

TypeOK ==
    /\ \A t \in Threads : \A i \in 1..Depth(t) : stack[t][i].pc \in {"check", "dispatch", "poll"}
    /\ \A c \in Cameras : timer[c] \in -1..Deadline /\ app[c] \in {"idle", "blocked", "returned"}
=============================================================================
