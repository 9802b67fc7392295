------------------------------ MODULE PollOne ------------------------------
(***************************************************************************)
(* The "poll the one socket" design raised in the review of the threaded   *)
(* fix (docs/designs.md, "poll-one"; semantics doc section 6). Everything  *)
(* runs on the camera manager thread, as upstream: the pipe's socket and   *)
(* its read notifier belong to it, the application posts its calls there,  *)
(* and libcamera's proxy behaviour is kept (cookies from 0, matching by    *)
(* cookie, unknown cookies to the event path). The one change: sendSync    *)
(* does not run processEvents() while it waits. It sends, then polls only  *)
(* its own socket's fd with the time left to the deadline as poll's        *)
(* timeout; a message read there whose cookie is the pending call's        *)
(* completes it, any other message is posted to the camera manager         *)
(* thread's queue, which the loop dispatches (to recv) once sendSync has   *)
(* returned. Other sockets, timers and posted messages wait.               *)
(*                                                                         *)
(* Step boundaries, one TLA+ step per stretch of code:                     *)
(*   loop      LoopDispatch: processEvents step 1, one queued message      *)
(*                 per step: a posted call enters sendSync, a posted recv  *)
(*                 runs the pipeline handler's event slot;                 *)
(*             LoopPoll: steps 2-4: ppoll returns (a posted message's      *)
(*                 eventfd, or a readable socket), every readable socket's *)
(*                 notifier runs readyRead on one message, which, with no  *)
(*                 call pending, goes to the event path;                   *)
(*   sendSync  (s) in LoopDispatch: send (a dead worker's socket           *)
(*                 refuses it: the error returns at once, as upstream);    *)
(*             (p) PollReturn: poll(own fd, remaining) returns, readable   *)
(*                 or timed out (timed out: return -ETIMEDOUT);            *)
(*             (r) ReadOne: one message (header and data) off the socket;  *)
(*             (m) Match: its cookie is the pending call's: the reply is   *)
(*                 taken; any other message is posted for the loop;        *)
(*             MatchedReturn: after a match, return 0;                     *)
(*             (d) DeadlineTest: the deadline has passed: -ETIMEDOUT;      *)
(*                 otherwise poll again with the time left.                *)
(* Poll's timeout counts whole ticks: `left` is the time to the call's     *)
(* deadline, `pollLeft` what is left of the current poll's timeout. Linux  *)
(* scans the fds once more when a poll times out, so a message that came   *)
(* after the last tick but before the thread ran is still returned.        *)
(*                                                                         *)
(* Worker death: as upstream, the pipeline's copy of the worker's end is   *)
(* closed once the worker runs; a datagram socket sees no POLLHUP or error *)
(* when its peer goes, so poll(own fd) notices nothing and a pending call  *)
(* waits its deadline; the next send fails at once.                        *)
(*                                                                         *)
(* Mutant (the distinctive mechanisms, each for the property it exists     *)
(* for): "none" is the design; "full-timeout" polls with the full 2000 ms  *)
(* each time instead of the time left (BoundedReturn); "deadline-first"    *)
(* tests the deadline before returning a match, so a reply read after      *)
(* the deadline is consumed and reported as -ETIMEDOUT                     *)
(* (NoMatchedReplyTimeout).                                                *)
(***************************************************************************)
EXTENDS IPCBase

CONSTANT Mutant     \* "none", "full-timeout" or "deadline-first" (see above)

ASSUME Mutant \in {"none", "full-timeout", "deadline-first"}

VARIABLES
    queue,      \* messages posted to the camera manager thread: [type |-> "call"/"recv", cam, kind]
    cm,         \* the camera manager thread: [pc, cam, msg, left, pollLeft] (see below)
    app         \* app[c]: application thread of camera c: "idle" or "blocked" in a call

vars == <<queue, cm, app, baseVars>>

(* cm.pc: "dispatch" / "poll" (its event loop, processEvents steps 1 and   *)
(* 2-4), or inside sendSync(cm.cam): "wait" (blocked in poll on its own    *)
(* fd), "read", "match" (cm.msg is the message read), "matched" (the       *)
(* reply is taken, return 0 next), "test" (the deadline test). cm.left:    *)
(* ticks to the call's deadline; cm.pollLeft: ticks left of the current    *)
(* poll's timeout.                                                         *)
NoCam == -1
NoMsg == [kind |-> "none", cookie |-> NoCookie]
Idle == [pc |-> "dispatch", cam |-> NoCam, msg |-> NoMsg, left |-> 0, pollLeft |-> 0]
InCall == cm.pc \in {"wait", "read", "match", "matched", "test"}
CM == "cm"
Caller(c) == CM

Readable == {c \in Cameras : fromIPA[c] # <<>>}

\* Camera c's IPA events not yet handled: in its socket, read by sendSync and not yet posted, or posted.
Unhandled(c) ==
    EventsIn(fromIPA[c])
    + (IF InCall /\ cm.cam = c /\ cm.msg.kind = "event" THEN 1 ELSE 0)
    + Len(SelectSeq(queue, LAMBDA m : m.type = "recv" /\ m.cam = c /\ m.kind = "event"))

Init ==
    /\ BaseInit
    /\ queue = <<>>
    /\ cm = Idle
    /\ app = [c \in Cameras |-> "idle"]

(* The application thread of camera c makes its next call (init, stop):    *)
(* a blocking invocation posted to the camera manager thread (postMessage  *)
(* writes its eventfd, which LoopPoll treats as a non-empty queue).        *)
AppCall(c) ==
    /\ app[c] = "idle" /\ MoreCalls(c)
    /\ app' = [app EXCEPT ![c] = "blocked"]
    /\ queue' = Append(queue, [type |-> "call", cam |-> c, kind |-> "none"])
    /\ call' = [call EXCEPT ![c] = CallQueued(@)]
    /\ UNCHANGED <<cm, toIPA, fromIPA, emitted, alive, deaths>>

(* sendSync returns; the blocking invocation completes and the camera      *)
(* manager thread goes back to its loop.                                   *)
Return(c, result) ==
    /\ cm' = Idle
    /\ app' = [app EXCEPT ![c] = "idle"]
    /\ call' = [call EXCEPT ![c] = CallReturned(@, result)]

(* ---- the camera manager thread's event loop ----                        *)

(* processEvents step 1, one message per step. A call enters sendSync and  *)
(* sends (s); poll's first timeout is the whole deadline. A send to a dead *)
(* worker fails and returns its error at once. A recv runs the event slot. *)
LoopDispatch ==
    /\ cm.pc = "dispatch"
    /\ IF queue = <<>>
       THEN /\ cm' = [cm EXCEPT !.pc = "poll"]
            /\ UNCHANGED <<queue, app, baseVars>>
       ELSE LET m == Head(queue) IN
            /\ queue' = Tail(queue)
            /\ IF m.type = "call"
               THEN IF alive[m.cam]
                    THEN /\ Send(m.cam, CurrentCookie(m.cam))
                         /\ cm' = [pc |-> "wait", cam |-> m.cam, msg |-> NoMsg, left |-> Deadline,
                                   pollLeft |-> Deadline]
                         /\ call' = [call EXCEPT ![m.cam] = CallStarted(@)]
                         /\ UNCHANGED app
                    ELSE /\ cm' = Idle
                         /\ app' = [app EXCEPT ![m.cam] = "idle"]
                         /\ call' = [call EXCEPT ![m.cam] = CallReturned(CallStarted(@), "error")]
                         /\ UNCHANGED toIPA
               ELSE /\ call' = IF m.kind = "event" THEN [call EXCEPT ![m.cam] = EventHandled(@)] ELSE call
                    /\ UNCHANGED <<cm, app, toIPA>>
            /\ UNCHANGED <<fromIPA, emitted, alive, deaths>>

(* processEvents steps 2-4: ppoll returns for a posted message (its        *)
(* eventfd) or a readable socket; each readable socket's notifier runs     *)
(* readyRead on one message. No call is pending outside sendSync, so each  *)
(* goes to the event path: recv, emitted in this thread.                   *)
LoopPoll ==
    /\ cm.pc = "poll"
    /\ queue # <<>> \/ Readable # {}
    /\ fromIPA' = [c \in Cameras |-> IF c \in Readable THEN Tail(fromIPA[c]) ELSE fromIPA[c]]
    /\ call' = [c \in Cameras |->
          IF c \notin Readable THEN call[c]
          ELSE IF Head(fromIPA[c]).kind = "event" THEN EventHandled(call[c])
          ELSE ToEventPath(call[c], Head(fromIPA[c]))]
    /\ cm' = [cm EXCEPT !.pc = "dispatch"]
    /\ UNCHANGED <<queue, app, toIPA, emitted, alive, deaths>>

(* ---- sendSync on the camera manager thread ----                         *)

(* (p) poll(own fd, timeout) returns: the socket is readable, or the       *)
(* timeout ran out with nothing to read: -ETIMEDOUT.                       *)
PollReturn ==
    LET c == cm.cam IN
    /\ cm.pc = "wait"
    /\ fromIPA[c] # <<>> \/ cm.pollLeft = 0
    /\ IF fromIPA[c] # <<>>
       THEN /\ cm' = [cm EXCEPT !.pc = "read"]
            /\ UNCHANGED <<app, call>>
       ELSE Return(c, "timeout")
    /\ UNCHANGED <<queue, toIPA, fromIPA, emitted, alive, deaths>>

(* (r) read one message, header and data, off the socket.                  *)
ReadOne ==
    LET c == cm.cam IN
    /\ cm.pc = "read"
    /\ cm' = [cm EXCEPT !.pc = "match", !.msg = Head(fromIPA[c])]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Tail(@)]
    /\ UNCHANGED <<queue, app, toIPA, emitted, alive, deaths, call>>

(* (m) the pending call's cookie: the reply is taken (the response is      *)
(* filled in) and sendSync returns next. Anything else (an IPA event, a    *)
(* stale reply) is posted to this thread's queue, for the loop to emit on  *)
(* recv once sendSync has returned; the deadline test follows.             *)
Match ==
    LET c == cm.cam
        m == cm.msg
    IN
    /\ cm.pc = "match"
    /\ IF m.cookie = CurrentCookie(c)
       THEN /\ call' = [call EXCEPT ![c] = Matched(@, m)]
            /\ cm' = [cm EXCEPT !.pc = "matched", !.msg = NoMsg]
            /\ UNCHANGED queue
       ELSE /\ queue' = Append(queue, [type |-> "recv", cam |-> c, kind |-> m.kind])
            /\ call' = [call EXCEPT ![c] = ToEventPath(@, m)]
            /\ cm' = [cm EXCEPT !.pc = "test", !.msg = NoMsg]
    /\ UNCHANGED <<app, toIPA, fromIPA, emitted, alive, deaths>>

(* return 0 after a match. The deadline-first mutant tests the deadline    *)
(* here first and returns -ETIMEDOUT with the reply consumed.              *)
MatchedReturn ==
    /\ cm.pc = "matched"
    /\ Return(cm.cam, IF Mutant = "deadline-first" /\ cm.left = 0 THEN "timeout" ELSE "ok")
    /\ UNCHANGED <<queue, toIPA, fromIPA, emitted, alive, deaths>>

(* (d) after a foreign message: past the deadline, -ETIMEDOUT; otherwise   *)
(* poll again with the time left (the full-timeout mutant: the whole       *)
(* deadline again).                                                        *)
DeadlineTest ==
    LET c == cm.cam IN
    /\ cm.pc = "test"
    /\ IF cm.left = 0
       THEN Return(c, "timeout")
       ELSE /\ cm' = [cm EXCEPT !.pc = "wait", !.pollLeft = IF Mutant = "full-timeout" THEN Deadline ELSE cm.left]
            /\ UNCHANGED <<app, call>>
    /\ UNCHANGED <<queue, toIPA, fromIPA, emitted, alive, deaths>>

CMStep == LoopDispatch \/ LoopPoll \/ PollReturn \/ ReadOne \/ Match \/ MatchedReturn \/ DeadlineTest

\* The camera manager thread can take a step (it is the only pipeline thread).
Busy ==
    \/ cm.pc \in {"dispatch", "read", "match", "matched", "test"}
    \/ cm.pc = "poll" /\ (queue # <<>> \/ Readable # {})
    \/ cm.pc = "wait" /\ (fromIPA[cm.cam] # <<>> \/ cm.pollLeft = 0)

-----------------------------------------------------------------------------
\* Camera c's IPA events are handled by the camera manager thread; it is held while inside another camera's sendSync.
Slowed(c) == Unhandled(c) > 0 /\ InCall /\ cm.cam # c

(* A tick passes only while the camera manager thread is blocked.          *)
Tick ==
    /\ ~Busy
    /\ cm' = IF cm.pc = "wait"
             THEN [cm EXCEPT !.left = IF @ > 0 THEN @ - 1 ELSE 0, !.pollLeft = IF @ > 0 THEN @ - 1 ELSE 0]
             ELSE cm
    /\ TickBase(Slowed)
    /\ UNCHANGED <<queue, app>>

IPAStep(c) ==
    /\ IPAEnv(c, Unhandled(c))
    /\ UNCHANGED <<queue, cm, app>>

Next ==
    \/ CMStep
    \/ \E c \in Cameras : AppCall(c) \/ IPAStep(c)
    \/ Tick

Spec == Init /\ [][Next]_vars /\ WF_vars(CMStep) /\ WF_vars(Tick)

-----------------------------------------------------------------------------
\* Camera c's call is blocked in poll on its own socket.
InPoll(c) == cm.pc = "wait" /\ cm.cam = c
\* Its reply is in its socket, or its deadline has passed.
Completed(c) ==
    \/ \E i \in 1..Len(fromIPA[c]) : fromIPA[c][i].kind = "reply" /\ fromIPA[c][i].cookie = CurrentCookie(c)
    \/ cm.left = 0

\* A caller in poll whose reply is in its socket or whose deadline has passed is woken by that poll: the socket is readable or the poll's timeout is over.
NoLostWakeup ==
    \A c \in Cameras : (InPoll(c) /\ Completed(c)) => (fromIPA[c] # <<>> \/ cm.pollLeft = 0)

\* A sync call never runs another operation's sync call on its stack.
NoNestedDispatch == NoNestedDispatchOf(Caller)

\* Canary: a caller is never in poll after its reply arrived or its deadline passed (must be violated).
CanaryNoWakeupDue == \A c \in Cameras : ~(InPoll(c) /\ Completed(c))

\* Canary: see IPCBase.
CanaryNoEventDuringOtherCall == CanaryNoEventDuringOtherCallOf(Unhandled)

TypeOK ==
    /\ cm.pc \in {"dispatch", "poll", "wait", "read", "match", "matched", "test"}
    /\ cm.left \in 0..Deadline /\ cm.pollLeft \in 0..Deadline
    /\ \A c \in Cameras : app[c] \in {"idle", "blocked"}
=============================================================================
