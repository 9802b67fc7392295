package org.ipcsync.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./kit}: one picocli command tree for every subcommand, so options are
 * typed, help is generated from the same declarations that parse, and every usage error ends the
 * same way (one line on stderr, the command's usage, exit status {@link ExitCodes#USAGE}).
 * Runs on the calling thread.
 */
@Command(name = "./kit", description = "Model-backed test kit for libcamera's isolated-IPA IPC.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {VerifyCommand.class, SpecCommand.class, SimulateCommand.class, IpcSelftestCommand.class,
            RealIpaCommand.class, BenchCommand.class, HelpCommand.class},
        footer = {"", "./kit help prints every command's options and exit codes; ./kit help COMMAND one command's."})
public final class Kit implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a command: the list of commands, as {@code ./kit help} starts. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs {@code ./kit args} printing to the given streams; returns the exit status. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return commandLine(new Kit(), out, err).execute(args);
    }

    /**
     * The command tree rooted at {@code command}, with the kit's error handling. Tests pass a
     * single subcommand built with test-only constructor arguments.
     */
    public static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler(Kit::usageError);
        cl.setExecutionExceptionHandler(Kit::failure);
        return cl;
    }

    /** The tree {@code ./kit} runs, for help and for tests that walk every command. */
    public static CommandLine tree() {
        return commandLine(new Kit(), System.out, System.err);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        cl.usage(err);
        return ExitCodes.USAGE;
    }

    /**
     * A command's own validation throws {@link UsageException} (a usage error like picocli's);
     * anything else means the kit could not do its job, and the trace is what a bug report needs.
     */
    private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof UsageException) {
            return usageError(new CommandLine.ParameterException(cl, e.getMessage(), e), parsed.originalArgs()
                    .toArray(String[]::new));
        }
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": could not complete: " + e);
        e.printStackTrace(err);
        return ExitCodes.ERROR;
    }
}
