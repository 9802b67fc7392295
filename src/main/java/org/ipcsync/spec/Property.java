package org.ipcsync.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * A named definition in the specs that TLC checks: the properties of docs/semantics.md §7,
 * and the canaries that must be violated so that a pass is never vacuous. Every property names
 * the canary that shows its situation is reachable ({@link #canary()}): a "holds" verdict counts
 * only next to a violated run of that canary on the same model.
 */
public enum Property {
    CANARY_NO_CALL_COMPLETES("CanaryNoCallCompletes", false, null,
            "canary: must be violated (a call completes with its real reply)"),
    CANARY_NO_TIMEOUT("CanaryNoTimeout", false, null,
            "canary: must be violated (a call times out)"),
    CANARY_NO_DEPTH_2("CanaryNoDepth2", false, null,
            "canary: must be violated (a thread holds two sendSync frames)"),
    CANARY_NO_REPLY_IN_TIME("CanaryNoReplyInTime", false, null,
            "canary: must be violated (a reply reaches the pipeline before its call's deadline)"),
    CANARY_NO_EVENT_BEFORE_REPLY("CanaryNoEventBeforeReply", false, null,
            "canary: must be violated (an IPA event is still unhandled when a reply is sent)"),
    CANARY_NO_EVENT_DURING_OTHER_CALL("CanaryNoEventDuringOtherCall", false, null,
            "canary: must be violated (a camera's IPA event waits while another camera's call is in progress)"),
    CANARY_NO_LATE_MATCH("CanaryNoLateMatch", false, null,
            "canary: must be violated (readyRead matches a reply after its call's deadline passed)"),
    CANARY_NO_CALL_QUEUED_DURING_CALL("CanaryNoCallQueuedDuringCall", false, null,
            "canary: must be violated (a call is asked for while another camera's call is in progress)"),
    CANARY_NO_WAKEUP_DUE("CanaryNoWakeupDue", false, null,
            "canary: must be violated (a caller is asleep on the condition variable after its call completed)"),
    CANARY_NO_DEATH_DURING_CALL("CanaryNoDeathDuringCall", false, null,
            "canary: must be violated (a worker dies while its camera's call is in progress)"),
    CANARY_NO_STALE_REPLY("CanaryNoStaleReply", false, null,
            "canary: must be violated (a reply reaches the pipeline after its call stopped waiting for it)"),

    NO_LOST_WAKEUP("NoLostWakeup", false, CANARY_NO_WAKEUP_DUE,
            "a waiter whose call completed is runnable or has its wake-up still to come"),
    NO_NESTED_DISPATCH("NoNestedDispatch", false, CANARY_NO_CALL_QUEUED_DURING_CALL,
            "a sync call never runs another operation's sync call on its stack"),
    BOUNDED_RETURN("BoundedReturn", false, CANARY_NO_CALL_COMPLETES,
            "a sync call returns promptly after its reply, and by its deadline otherwise"),
    NO_SPURIOUS_TIMEOUT("NoSpuriousTimeout", false, CANARY_NO_REPLY_IN_TIME,
            "a call whose reply arrived before its deadline never reports a timeout"),
    EVENTUALLY_RETURNS("EventuallyReturns", true, CANARY_NO_TIMEOUT,
            "every sync call returns (weak fairness of thread steps and time)"),
    NO_STALE_REPLY_AS_EVENT("NoStaleReplyAsEvent", false, CANARY_NO_STALE_REPLY,
            "no reply to a request is ever delivered as an IPA event"),
    NO_COOKIE_CONFUSION("NoCookieConfusion", false, CANARY_NO_EVENT_BEFORE_REPLY,
            "an IPA event is never taken as a sync reply"),
    EVENT_BEFORE_REPLY_ORDER("EventBeforeReplyOrder", false, CANARY_NO_EVENT_BEFORE_REPLY,
            "IPA events sent before a reply are handled before the call returns (a swallowed event never is)"),
    CAMERA_ISOLATION("CameraIsolation", false, CANARY_NO_EVENT_DURING_OTHER_CALL,
            "one camera's sync call does not hold up another camera's IPA events"),
    NO_MATCHED_REPLY_TIMEOUT("NoMatchedReplyTimeout", false, CANARY_NO_LATE_MATCH,
            "a reply the pipe matched to a pending call (and consumed) is never reported as a timeout"),
    PROMPT_ERROR_ON_EXIT("PromptErrorOnExit", false, CANARY_NO_DEATH_DURING_CALL,
            "a call pending when its worker dies returns an error within one tick"),
    NO_EARLY_TIMEOUT("NoEarlyTimeout", false, CANARY_NO_REPLY_IN_TIME,
            "a reply that arrives within the legacy 2000 ms is never turned into an error");

    private final String tlaName;
    private final boolean temporal;
    private final Property canary;
    private final String meaning;

    Property(String tlaName, boolean temporal, Property canary, String meaning) {
        this.tlaName = tlaName;
        this.temporal = temporal;
        this.canary = canary;
        this.meaning = meaning;
    }

    /** The definition's name in the .tla files. */
    public String tlaName() {
        return tlaName;
    }

    /** True for a temporal property (cfg PROPERTY), false for an invariant (cfg INVARIANT). */
    public boolean isTemporal() {
        return temporal;
    }

    public boolean isCanary() {
        return tlaName.startsWith("Canary");
    }

    /** The canary whose violation shows this property's situation is reachable; empty for a canary. */
    public Optional<Property> canary() {
        return Optional.ofNullable(canary);
    }

    public String meaning() {
        return meaning;
    }

    public static Property byName(String name) {
        return Arrays.stream(values()).filter(p -> p.tlaName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown property '" + name + "'"));
    }
}
