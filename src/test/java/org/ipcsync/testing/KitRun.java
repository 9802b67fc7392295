package org.ipcsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.ipcsync.cli.Kit;

/**
 * One {@code ./kit} command line run in-process with its output captured: what a user would see
 * on stdout and stderr, and the exit status.
 */
public record KitRun(int status, String out, String err) {
    /** Runs {@code ./kit args}. */
    public static KitRun of(String... args) {
        return on(null, args);
    }

    /** Runs {@code args} on one command object (e.g. built with test-only constructor arguments); null: the whole kit. */
    public static KitRun on(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = command == null ? Kit.execute(o, e, args) : Kit.commandLine(command, o, e).execute(args);
        return new KitRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The first line on stderr: the one-line reason of a usage error. */
    public String reason() {
        return err.lines().findFirst().orElse("");
    }
}
