package org.ipcsync.spec;

/** What TLC concluded about one property: it holds in the whole model, or a behaviour violates it. */
public enum Verdict {
    HOLDS, VIOLATED;

    /** The word used in the expected-verdict table and in reports. */
    public String word() {
        return name().toLowerCase();
    }

    public static Verdict byWord(String word) {
        return valueOf(word.strip().toUpperCase());
    }
}
