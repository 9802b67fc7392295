package org.ipcsync.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of `./kit`: dispatches to the subcommand named by the first argument. */
public final class Kit {
    private Kit() {}

    static Map<String, KitCommand> commands() {
        List<KitCommand> all = List.of(
                new VerifyCommand(),
                new SpecCommand(),
                new SimulateCommand(),
                new IpcSelftestCommand(),
                new RealIpaCommand(),
                new org.ipcsync.bench.BenchCommand());
        Map<String, KitCommand> byName = new LinkedHashMap<>();
        all.forEach(c -> byName.put(c.name(), c));
        return byName;
    }

    public static void main(String[] args) throws Exception {
        Map<String, KitCommand> commands = commands();
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println("usage: ./kit <command> [options]");
            commands.values().forEach(c -> System.out.printf("  %-14s %s%n", c.name(), c.summary()));
            return;
        }
        KitCommand command = commands.get(args[0]);
        if (command == null) {
            System.err.println("kit: unknown command '" + args[0] + "' (./kit help lists them)");
            System.exit(2);
        }
        int status;
        try {
            status = command.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (UsageException e) {
            System.err.println("kit " + command.name() + ": " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }
}
