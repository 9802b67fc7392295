package org.ipcsync.spec;

import java.util.Arrays;

/**
 * A named definition in the specs that TLC checks: the properties of docs/semantics.md §7,
 * and the canaries that must be violated so that a pass is never vacuous.
 */
public enum Property {
    NO_LOST_WAKEUP("NoLostWakeup", false, false,
            "a waiter whose completion happened is never left asleep on a consumed wake-up"),
    NO_NESTED_DISPATCH("NoNestedDispatch", false, false,
            "a sync call never runs another operation's sync call on its stack"),
    BOUNDED_RETURN("BoundedReturn", false, false,
            "a sync call returns promptly after its reply, and by its deadline otherwise"),
    NO_SPURIOUS_TIMEOUT("NoSpuriousTimeout", false, false,
            "a call whose reply arrived before its deadline never reports a timeout"),
    EVENTUALLY_RETURNS("EventuallyReturns", true, false,
            "every sync call returns (weak fairness of thread steps and time)"),
    NO_STALE_REPLY_AS_EVENT("NoStaleReplyAsEvent", false, false,
            "a reply to a timed-out call is never delivered as an IPA event"),
    NO_COOKIE_CONFUSION("NoCookieConfusion", false, false,
            "an IPA event is never taken as a sync reply"),
    EVENT_BEFORE_REPLY_ORDER("EventBeforeReplyOrder", false, false,
            "IPA events sent before a reply are handled before the call returns"),
    CAMERA_ISOLATION("CameraIsolation", false, false,
            "one camera's sync call does not hold up another camera's IPA events"),
    CANARY_NO_CALL_COMPLETES("CanaryNoCallCompletes", false, true,
            "canary: must be violated (a call completes with its reply)"),
    CANARY_NO_TIMEOUT("CanaryNoTimeout", false, true,
            "canary: must be violated (a call times out)"),
    CANARY_NO_DEPTH_2("CanaryNoDepth2", false, true,
            "canary: must be violated (the camera manager thread holds two sendSync frames)");

    private final String tlaName;
    private final boolean temporal;
    private final boolean canary;
    private final String meaning;

    Property(String tlaName, boolean temporal, boolean canary, String meaning) {
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
        return canary;
    }

    public String meaning() {
        return meaning;
    }

    public static Property byName(String name) {
        return Arrays.stream(values()).filter(p -> p.tlaName.equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown property '" + name + "'"));
    }
}
