package org.ipcsync.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./kit help [COMMAND...]}: without a command, the command list followed by every
 * command's full usage (options and exit codes), so one page documents the whole CLI; with one,
 * that command's usage ({@code ./kit help bench rtt}).
 */
@Command(name = "help", description = "print every command's options and exit codes, or one command's",
        exitCodeListHeading = ExitCodes.HEADING, exitCodeList = {ExitCodes.OK_LINE, ExitCodes.USAGE_LINE})
final class HelpCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "a command, e.g. spec or bench rtt")
    private List<String> command = List.of();

    @Override
    public Integer call() throws UsageException {
        CommandLine root = spec.commandLine().getParent();
        PrintWriter out = spec.commandLine().getOut();
        if (!command.isEmpty()) {
            CommandLine target = root;
            for (String name : command) {
                target = target.getSubcommands().get(name);
                if (target == null) {
                    throw new UsageException("no command '" + String.join(" ", command) + "' (./kit help lists them)");
                }
            }
            target.usage(out);
            return ExitCodes.OK;
        }
        root.usage(out);
        for (CommandLine sub : root.getSubcommands().values()) {
            printAll(sub, out);
        }
        return ExitCodes.OK;
    }

    private static void printAll(CommandLine command, PrintWriter out) {
        out.println();
        out.println("-".repeat(78));
        command.usage(out);
        for (CommandLine sub : command.getSubcommands().values()) {
            printAll(sub, out);
        }
    }
}
