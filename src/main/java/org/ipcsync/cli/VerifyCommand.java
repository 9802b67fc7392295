package org.ipcsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ipcsync.verify.VerifyRun;

/** `./kit verify`: the main job. Runs every check the kit has and writes reports/. */
final class VerifyCommand implements KitCommand {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "TLC checks, property campaigns, agreement, stall replay, quick benches -> reports/ "
                + "[--budget N] [--seed S] [--reports DIR] [--vivid [N]] [--devices /dev/videoA,/dev/videoB]";
    }

    @Override
    public int run(String[] args) throws Exception {
        VerifyRun.Options o = VerifyRun.Options.defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (flag) {
                case "--budget" -> {
                    int tries = positive(flag, value);
                    o = new VerifyRun.Options(o.reports(), tries, tries, o.scale(), o.seed(), o.vividDevices(),
                            o.deviceNodes());
                    i++;
                }
                case "--seed" -> {
                    o = new VerifyRun.Options(o.reports(), o.nestedTries(), o.threadedTries(), o.scale(),
                            number(flag, value), o.vividDevices(), o.deviceNodes());
                    i++;
                }
                case "--reports" -> {
                    if (value == null) {
                        throw new UsageException("--reports needs a folder");
                    }
                    o = new VerifyRun.Options(Path.of(value), o.nestedTries(), o.threadedTries(), o.scale(), o.seed(),
                            o.vividDevices(), o.deviceNodes());
                    i++;
                }
                case "--vivid" -> {
                    int devices = 2;
                    if (value != null && value.matches("\\d+")) {
                        devices = (int) number(flag, value);
                        if (devices < 2 || devices > 4) {
                            throw new UsageException("--vivid takes 2 to 4 devices, got " + devices);
                        }
                        i++;
                    }
                    o = new VerifyRun.Options(o.reports(), o.nestedTries(), o.threadedTries(), o.scale(), o.seed(),
                            devices, o.deviceNodes());
                }
                case "--devices" -> {
                    if (value == null) {
                        throw new UsageException("--devices needs a comma-separated list of V4L2 nodes");
                    }
                    List<String> nodes = Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
                    for (String n : nodes) {
                        if (!Files.exists(Path.of(n))) {
                            throw new UsageException("no such device node: " + n);
                        }
                    }
                    if (nodes.size() < 2) {
                        throw new UsageException("--devices needs at least two nodes (the scenarios stop several cameras at once)");
                    }
                    o = new VerifyRun.Options(o.reports(), o.nestedTries(), o.threadedTries(), o.scale(), o.seed(),
                            o.vividDevices(), nodes);
                    i++;
                }
                default -> throw new UsageException("unknown option '" + flag
                        + "' (--budget N, --seed S, --reports DIR, --vivid [N], --devices A,B)");
            }
        }
        boolean ok = new VerifyRun(o).run();
        System.out.println(ok ? "verify: OK" : "verify: FAILED (see the problems above and reports/summary.md)");
        return ok ? 0 : 1;
    }

    private static long number(String flag, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw new UsageException(flag + " needs a number, got '" + value + "'");
        }
    }

    private static int positive(String flag, String value) throws UsageException {
        long n = number(flag, value);
        if (n <= 0 || n > 10_000) {
            throw new UsageException(flag + " must be between 1 and 10000, got " + n);
        }
        return (int) n;
    }
}
