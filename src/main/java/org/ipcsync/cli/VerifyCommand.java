package org.ipcsync.cli;

/** `./kit verify`: the main job. Runs every check the kit has and writes reports/. */
final class VerifyCommand implements KitCommand {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "run every check (TLC, property scenarios, benches) and write reports/";
    }

    @Override
    public int run(String[] args) {
        System.out.println("verify: nothing registered yet");
        return 0;
    }
}
