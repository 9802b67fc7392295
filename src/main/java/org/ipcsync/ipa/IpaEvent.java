package org.ipcsync.ipa;

/** Events the IPA emits (cookie 0), numbered from 1 like libcamera's event commands. */
public enum IpaEvent {
    METADATA_READY(1),
    PARAMS_READY(2);

    public final int code;

    IpaEvent(int code) {
        this.code = code;
    }

    public static IpaEvent fromCode(int code) {
        for (IpaEvent e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return null;
    }
}
