------------------------------ MODULE IPCBase ------------------------------
(***************************************************************************)
(* What every sync-call design shares: the cameras, one IPA worker process *)
(* per camera, the socket pair between them (as two FIFO sequences of      *)
(* datagrams), discrete time, worker death, and a ghost record per camera  *)
(* that the properties of semantics doc section 7 read.                    *)
(*                                                                         *)
(* Time: one tick stands for 1000 ms, the granularity of every deadline in *)
(* play: the nested 2000 ms timer (Deadline = 2), the threaded 1000 ms     *)
(* wait_for (Deadline = 1), and the legacy 2000 ms that NoEarlyTimeout     *)
(* compares with (LegacyDeadline = 2, whatever the design's own deadline). *)
(* Pipeline-side thread steps take no time: a tick happens only when every *)
(* thread of the pipeline process is blocked (see Busy in each design).    *)
(* The IPAs and the application are the environment: they act at any time *)
(* or never, so an IPA reply comes after an arbitrary number of ticks, or  *)
(* not at all, and a worker may die at any moment (at most MaxDeaths times *)
(* per behaviour). Counters of ticks saturate just above the bound a       *)
(* property compares them with, which keeps the state space finite        *)
(* without a global clock.                                                 *)
(*                                                                         *)
(* Calls: the application makes Calls sync calls per camera, one after the *)
(* other (init then stop, say). libcamera's proxy numbers every message it *)
(* sends from 0, so the k-th modelled call carries cookie Seq0 + k - 1:    *)
(* Seq0 = 0 makes the first call the proxy's first message, the one an IPA *)
(* event (cookie 0) can pass for; Seq0 = 1 models calls made after it.     *)
(* Asynchronous messages between the calls would only raise the later     *)
(* cookies further, which no property can tell apart from Seq0 + k - 1.    *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    N,              \* number of cameras (one IPA process and one pipe each)
    Deadline,       \* the design's sync-call timeout, in ticks
    LegacyDeadline, \* the legacy 2000 ms timeout, in ticks (NoEarlyTimeout)
    Slack,          \* the "small bound" of BoundedReturn, CameraIsolation, PromptErrorOnExit, in ticks
    MaxEvents,      \* IPA events (cookie 0) sent in one behaviour, by all IPAs together
    Seq0,           \* the proxy's seq_ at the first modelled call: that call's cookie
    Calls,          \* sync calls each camera's application thread makes, one after the other
    MaxDeaths       \* worker processes that may die in one behaviour

ASSUME N \in 1..6 /\ Deadline \in 1..10 /\ LegacyDeadline \in 1..10 /\ Slack \in 0..10
ASSUME MaxEvents \in 0..3 /\ Seq0 \in 0..10 /\ Calls \in 1..3 /\ MaxDeaths \in 0..2

Cameras == 0..(N - 1)
NoCookie == -1
EventCookie == 0        \* IPA events always carry cookie 0
CookieOf(k) == Seq0 + k - 1

VARIABLES
    toIPA,      \* toIPA[c]: cookies of the requests queued to camera c's IPA, oldest first
    fromIPA,    \* fromIPA[c]: datagrams queued at the pipeline's end: [kind |-> "reply"/"event", cookie]
    emitted,    \* IPA events sent so far, by all IPAs together
    alive,      \* alive[c]: camera c's worker process is running
    deaths,     \* worker deaths so far
    call        \* call[c]: ghost record of camera c's current (or last) sync call (see NoCall)

baseVars == <<toIPA, fromIPA, emitted, alive, deaths, call>>

(* The ghost record. state: "idle" (not asked yet), "queued" (posted to    *)
(* the thread that will make the call), "calling" (inside sendSync), "ok", *)
(* "timeout", "error" (the send failed). k: index of the camera's current  *)
(* call. elapsed: ticks since sendSync began; after a failed return it     *)
(* goes on up to LegacyDeadline, so a late reply to the camera's last call *)
(* can be timed against the legacy deadline. replyAge: ticks since the     *)
(* reply reached the pipeline's socket, -1 before. inTime: it reached the  *)
(* socket before the design's deadline; inLegacy: before LegacyDeadline.   *)
(* evBefore: IPA events sent before the reply and not handled yet.         *)
(* swallowed: events taken as this call's reply, which were sent before    *)
(* its real reply and are never handled. matched: what readyRead matched   *)
(* to this call and consumed: "none", "reply" or "event". deadAge: ticks   *)
(* this call has been pending with its worker dead. eventWait: ticks this  *)
(* camera's unhandled IPA event has waited while another camera's call     *)
(* held the event thread.                                                  *)
(* The flags below stay set once set (they only ever mean a violation):    *)
(* taken: an IPA event was taken as a reply. replyAsEvent: a reply was     *)
(* handed to the event path. earlyError: a call that had returned an       *)
(* error got its reply within LegacyDeadline.                              *)
NoCall == [state |-> "idle", k |-> 0, elapsed |-> 0, replyAge |-> -1, inTime |-> FALSE,
           inLegacy |-> FALSE, evBefore |-> 0, swallowed |-> 0, matched |-> "none",
           deadAge |-> 0, eventWait |-> 0, taken |-> FALSE, replyAsEvent |-> FALSE,
           earlyError |-> FALSE]

Min(a, b) == IF a < b THEN a ELSE b
Max(a, b) == IF a > b THEN a ELSE b

BaseInit ==
    /\ toIPA = [c \in Cameras |-> <<>>]
    /\ fromIPA = [c \in Cameras |-> <<>>]
    /\ emitted = 0
    /\ alive = [c \in Cameras |-> TRUE]
    /\ deaths = 0
    /\ call = [c \in Cameras |-> NoCall]

(* Ghost updates, used by the designs at the matching code points. *)
MoreCalls(c) == call[c].k < Calls
CurrentCookie(c) == CookieOf(call[c].k)
CallQueued(r) == [r EXCEPT !.state = "queued", !.k = @ + 1]
CallStarted(r) == [r EXCEPT !.state = "calling", !.elapsed = 0, !.replyAge = -1, !.inTime = FALSE,
                            !.inLegacy = FALSE, !.evBefore = 0, !.swallowed = 0, !.matched = "none",
                            !.deadAge = 0]
CallReturned(r, result) ==
    [r EXCEPT !.state = result, !.elapsed = IF result = "ok" THEN 0 ELSE Min(@, LegacyDeadline),
              !.replyAge = -1, !.deadAge = 0]
EventHandled(r) == [r EXCEPT !.evBefore = IF @ > 0 /\ r.state = "calling" THEN @ - 1 ELSE @]
\* An event swallowed as a reply is consumed but never handled as an event.
EventTakenAsReply(r) == [r EXCEPT !.taken = TRUE, !.swallowed = @ + 1, !.matched = "event"]
ReplyMatched(r) == [r EXCEPT !.matched = "reply"]
\* Whatever the datagram is, readyRead found a pending call with its cookie and consumed it.
Matched(r, m) == IF m.kind = "event" THEN EventTakenAsReply(r) ELSE ReplyMatched(r)
\* readyRead found no pending call with the datagram's cookie and emitted it as an IPA event.
ToEventPath(r, m) == IF m.kind = "reply" THEN [r EXCEPT !.replyAsEvent = TRUE] ELSE r

(* Sending a request to a live worker; a dead worker's requests are lost. *)
Send(c, ck) ==
    toIPA' = [toIPA EXCEPT ![c] = IF alive[c] THEN Append(@, ck) ELSE @]

(* IPA c runs the oldest request and sends its reply; any delay, or never  *)
(* (no fairness). Unhandled is the design's count of camera c's IPA events *)
(* sent but not yet handled by the pipeline handler. A reply within        *)
(* LegacyDeadline that finds its call already failed is an early error.    *)
(* Cookie(c) is the cookie camera c's current call carries: CurrentCookie  *)
(* for libcamera's counter, another numbering for a design that changes it. *)
IPAReplyOf(c, Unhandled, Cookie(_)) ==
    LET ck == Head(toIPA[c])
        r == call[c]
        current == ck = Cookie(c)
        calling == r.state = "calling" /\ current
        early == current /\ r.elapsed < LegacyDeadline
    IN
    /\ alive[c] /\ toIPA[c] # <<>>
    /\ toIPA' = [toIPA EXCEPT ![c] = Tail(@)]
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "reply", cookie |-> ck])]
    /\ call' = [call EXCEPT ![c] =
                  [r EXCEPT
                     !.replyAge = IF calling THEN 0 ELSE @,
                     !.inTime = IF calling THEN r.elapsed < Deadline ELSE @,
                     !.inLegacy = IF calling THEN early ELSE @,
                     !.evBefore = IF calling THEN Unhandled ELSE @,
                     !.earlyError = @ \/ (early /\ r.state \in {"timeout", "error"})]]
    /\ UNCHANGED <<emitted, alive, deaths>>

(* IPA c emits an event (cookie 0) at any time, while the budget lasts. *)
IPAEmit(c) ==
    /\ alive[c] /\ emitted < MaxEvents
    /\ emitted' = emitted + 1
    /\ fromIPA' = [fromIPA EXCEPT ![c] = Append(@, [kind |-> "event", cookie |-> EventCookie])]
    /\ UNCHANGED <<toIPA, alive, deaths, call>>

(* Worker c dies (crash, SIGKILL, OOM): its unread requests are lost;      *)
(* datagrams it already sent stay queued at the pipeline's end. What the   *)
(* pipeline notices is the design's business (see each module).           *)
IPADie(c) ==
    /\ alive[c] /\ deaths < MaxDeaths
    /\ alive' = [alive EXCEPT ![c] = FALSE]
    /\ deaths' = deaths + 1
    /\ toIPA' = [toIPA EXCEPT ![c] = <<>>]
    /\ UNCHANGED <<fromIPA, emitted, call>>

IPAReply(c, Unhandled) == IPAReplyOf(c, Unhandled, CurrentCookie)

IPAEnvOf(c, Unhandled, Cookie(_)) == IPAReplyOf(c, Unhandled, Cookie) \/ IPAEmit(c) \/ IPADie(c)
IPAEnv(c, Unhandled) == IPAEnvOf(c, Unhandled, CurrentCookie)

EventsIn(s) == Len(SelectSeq(s, LAMBDA m : m.kind = "event"))

(* One tick: every counter of a call in progress advances (saturating),    *)
(* and so does the elapsed time of a failed call until LegacyDeadline.     *)
(* Slowed(c): camera c has an unhandled IPA event and the thread that      *)
(* would handle it is held by another camera's sync call.                  *)
TickBase(Slowed(_)) ==
    /\ call' = [c \in Cameras |->
        LET r == call[c] IN
        [r EXCEPT
            !.elapsed = IF r.state = "calling" THEN Min(@ + 1, Max(Deadline, LegacyDeadline) + Slack + 1)
                        ELSE IF r.state \in {"timeout", "error"} THEN Min(@ + 1, LegacyDeadline) ELSE @,
            !.replyAge = IF r.state = "calling" /\ @ >= 0 THEN Min(@ + 1, Slack + 1) ELSE @,
            !.deadAge = IF r.state = "calling" /\ ~alive[c] THEN Min(@ + 1, Slack + 1) ELSE @,
            !.eventWait = IF Slowed(c) THEN Min(@ + 1, Slack + 1) ELSE 0]]
    /\ UNCHANGED <<toIPA, fromIPA, emitted, alive, deaths>>

-----------------------------------------------------------------------------
(* Properties shared by the designs (names as in semantics doc section 7). *)

\* A sync call returns within Slack ticks of its reply reaching the pipeline, and within Slack ticks of its deadline otherwise.
BoundedReturn ==
    \A c \in Cameras : call[c].state = "calling" =>
        /\ call[c].replyAge <= Slack
        /\ call[c].elapsed <= Deadline + Slack

\* A call whose reply reached the pipeline before its deadline never reports a timeout.
NoSpuriousTimeout ==
    \A c \in Cameras : call[c].state = "timeout" => ~call[c].inTime

\* Every sync call that has started eventually returns.
EventuallyReturns ==
    \A c \in Cameras : call[c].state = "calling" ~> call[c].state \in {"ok", "timeout", "error"}

\* No reply to a request is ever delivered to the pipeline handler as an IPA event (late, or left over after an event completed its call).
NoStaleReplyAsEvent ==
    \A c \in Cameras : ~call[c].replyAsEvent

\* An IPA event (cookie 0) is never taken as a sync call's reply.
NoCookieConfusion ==
    \A c \in Cameras : ~call[c].taken

\* IPA events sent before a sync reply are handled before that sync call returns with success; an event swallowed as the call's reply was sent before the real one and is never handled.
EventBeforeReplyOrder ==
    \A c \in Cameras : call[c].state = "ok" => call[c].evBefore = 0 /\ call[c].swallowed = 0

\* One camera's slow sync call delays another camera's IPA event handling by at most Slack ticks.
CameraIsolation ==
    \A c \in Cameras : call[c].eventWait <= Slack

\* A datagram readyRead matched to a pending call (and so consumed) is never reported to the caller as a timeout.
NoMatchedReplyTimeout ==
    \A c \in Cameras : call[c].state \in {"timeout", "error"} => call[c].matched = "none"

\* A call pending when (or after) its worker dies returns an error within Slack ticks of the death.
PromptErrorOnExit ==
    \A c \in Cameras : call[c].state = "calling" => call[c].deadAge <= Slack

\* A reply that reaches the pipeline within the legacy 2000 ms of its request is never turned into an error.
NoEarlyTimeout ==
    \A c \in Cameras :
        /\ call[c].state \in {"timeout", "error"} => ~call[c].inLegacy
        /\ ~call[c].earlyError

\* No thread is inside two sync calls at once (CallerOf(c): the thread that makes camera c's call).
NoNestedDispatchOf(CallerOf(_)) ==
    \A t \in {CallerOf(c) : c \in Cameras} :
        Cardinality({c \in Cameras : call[c].state = "calling" /\ CallerOf(c) = t}) <= 1

(* Canaries: invariants that must be violated, so that a pass elsewhere    *)
(* is not vacuous. Each names the situation its property is about.        *)

\* Canary: no sync call ever completes with its real reply (must be violated).
CanaryNoCallCompletes == \A c \in Cameras : ~(call[c].state = "ok" /\ call[c].matched = "reply")

\* Canary: no sync call ever times out (must be violated).
CanaryNoTimeout == \A c \in Cameras : call[c].state # "timeout"

\* Canary: no reply ever reaches the pipeline before its call's deadline (must be violated).
CanaryNoReplyInTime == \A c \in Cameras : ~call[c].inTime

\* Canary: no IPA event is ever still unhandled when a reply is sent (must be violated).
CanaryNoEventBeforeReply == \A c \in Cameras : call[c].evBefore = 0

\* Canary: readyRead never matches a datagram to a call whose deadline has passed (must be violated).
CanaryNoLateMatch ==
    \A c \in Cameras : ~(call[c].state = "calling" /\ call[c].matched # "none" /\ call[c].elapsed >= Deadline)

\* Canary: no camera's call is ever asked for (queued or begun) while another camera's sync call is in progress (must be violated).
CanaryNoCallQueuedDuringCall ==
    \A c, d \in Cameras : ~(c # d /\ call[c].state = "calling" /\ call[d].state \in {"queued", "calling"})

\* Canary: no camera's IPA event ever waits unhandled while another camera's sync call is in progress (must be violated).
CanaryNoEventDuringOtherCallOf(Unhandled(_)) ==
    \A c, d \in Cameras : ~(c # d /\ Unhandled(c) > 0 /\ call[d].state = "calling")

\* Canary: no worker ever dies while its camera's sync call is in progress (must be violated).
CanaryNoDeathDuringCall == \A c \in Cameras : ~(call[c].state = "calling" /\ ~alive[c])
=============================================================================
