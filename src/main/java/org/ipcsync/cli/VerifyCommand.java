package org.ipcsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.ipcsync.bench.LatencyStats;
import org.ipcsync.bench.WakeupBench;

/** `./kit verify`: the main job. Runs every check the kit has and writes reports/. */
final class VerifyCommand implements KitCommand {
    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "run every check (benches' quick mode so far) and write reports/";
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length > 0) {
            throw new UsageException("verify takes no options yet (got '" + args[0] + "')");
        }
        Instant start = Instant.now();
        Path reports = Path.of("reports");
        Files.createDirectories(reports);

        System.out.println("verify [1/1] bench wakeup (quick: 2000 wake-ups)");
        LatencyStats wakeup = WakeupBench.measure(2_000, 500);
        System.out.printf("verify [1/1] done: median %.1f us, p99 %.1f us%n", wakeup.medianMicros(), wakeup.p99Micros());

        String md = "# ipcsync verify\n\n"
                + "| benchmark | samples | median | p99 |\n| --- | --- | --- | --- |\n"
                + String.format("| wakeup (postMessage -> dispatch, loop blocked in ppoll) | %d | %.1f us | %.1f us |%n",
                        wakeup.samples(), wakeup.medianMicros(), wakeup.p99Micros())
                + "\nRun took " + Duration.between(start, Instant.now()).toSeconds() + " s.\n";
        Files.writeString(reports.resolve("summary.md"), md);
        System.out.println();
        System.out.print(md);
        System.out.println("wrote reports/summary.md");
        return 0;
    }
}
