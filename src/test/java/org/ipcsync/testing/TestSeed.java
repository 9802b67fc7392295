package org.ipcsync.testing;

/**
 * The seed of a randomised test: fixed by default so a run repeats, replaced by
 * {@code -Dipcsync.seed=N} (or the environment variable {@code IPCSYNC_SEED}) to replay a printed
 * seed or to explore others. Every call prints the seed with the command that replays it.
 */
public final class TestSeed {
    public static final String PROPERTY = "ipcsync.seed";
    public static final String ENVIRONMENT = "IPCSYNC_SEED";

    private TestSeed() {}

    /** The seed for {@code test} (a class#method name for the replay hint); {@code fixed} unless overridden. */
    public static long of(String test, long fixed) {
        String given = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        long seed;
        try {
            seed = given == null || given.isBlank() ? fixed : Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + "/" + ENVIRONMENT + " must be a number, got '" + given + "'", e);
        }
        System.out.println(test + ": seed " + seed + " (replay: mvn -B test -Dtest='" + test + "' -D" + PROPERTY
                + "=" + seed + ")");
        return seed;
    }
}
