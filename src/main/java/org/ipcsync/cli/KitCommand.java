package org.ipcsync.cli;

/** One `./kit` subcommand. Implementations print to stdout and return the process exit status. */
public interface KitCommand {
    String name();

    /** One line for `./kit help`. */
    String summary();

    int run(String[] args) throws Exception;
}
