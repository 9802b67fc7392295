package org.ipcsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.verify.ReportsLock;
import org.ipcsync.scenario.Campaign;
import org.ipcsync.verify.VerifyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit verify}: the main job. Runs every check the kit has and writes reports/. The help
 * text spells out {@link VerifyRun.Options#defaults()}; a test holds the two together.
 */
@Command(name = "verify", sortOptions = false, sortSynopsis = false,
        description = "TLC checks, property campaigns, layer agreement, stall replay, quick benches -> reports/",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every verdict as expected and the layers agree",
            "1:a verdict differs from the expected table or between the layers (see reports/summary.md)",
            ExitCodes.USAGE_LINE, ExitCodes.ERROR_LINE})
final class VerifyCommand implements Callable<Integer> {
    private static final VerifyRun.Options DEFAULTS = VerifyRun.Options.defaults();
    /** Help shows each design's campaign tries from the catalog (picocli interpolates system properties). */
    static final String CAMPAIGN_TRIES_PROPERTY = "ipcsync.help.campaignTries";

    static {
        System.setProperty(CAMPAIGN_TRIES_PROPERTY, String.join(", ", DesignCatalog.implemented().stream()
                .map(e -> e.campaign().orElseThrow().tries() + " " + e.name()).toList()));
    }

    @Option(names = "--budget", paramLabel = "N",
            description = "scenario tries per design, 1 to 10000 (default: each design's campaign plan, ${sys:"
                    + CAMPAIGN_TRIES_PROPERTY + "})")
    private Integer budget;

    @Option(names = "--seed", paramLabel = "S", description = "the scenario campaigns' seed (default 20251126)")
    private Long seed;

    @Option(names = "--reports", paramLabel = "DIR", description = "where the reports go (default reports)")
    private Path reports;

    @Option(names = "--vivid", paramLabel = "N", arity = "0..1", fallbackValue = "2",
            description = "also run the scenario suite on N (2 to 4, default 2) vivid devices in a QEMU guest")
    private Integer vivid;

    @Option(names = "--devices", paramLabel = "NODE", split = ",",
            description = "also run the scenario suite on these V4L2 nodes of this machine (at least two, comma-separated), no VM")
    private List<String> devices;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "run only part I of N (1-based) of the TLC checks and of each campaign's tries, and write"
                    + " shard.json for --merge instead of the report")
    private String shard;

    @Option(names = "--merge", paramLabel = "DIR", arity = "1..*",
            description = "combine the shard.json of these --shard runs (one directory each) into one report:"
                    + " agreement, replays, benches and reports as an unsharded run")
    private List<Path> merge;

    @Option(names = "--no-trace-validation",
            description = "skip trace validation (on by default: sampled campaign recordings of up to 3 cameras and the"
                    + " stall and hang replays checked against their design's TLA+ spec with TLC, plus mutated copies that"
                    + " must be rejected; a rejected recording fails the run)")
    private boolean noTraceValidation;

    @Option(names = "--libcamera",
            description = "also run issue 13 against Debian's libcamera 0.0.3: the pipes on its real vimc worker, and cam on vimc in a QEMU guest (about 30 s more; 1 min with empty caches)")
    private boolean libcamera;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    @Override
    public Integer call() throws Exception {
        VerifyRun.Options options = options();
        boolean ok;
        try {
            ok = new VerifyRun(options).withLibcamera(libcamera).withTraceValidation(!noTraceValidation).run();
        } catch (ReportsLock.BusyException e) {
            // Not a bug, so no stack trace: the message says who holds the folder and what to do.
            System.err.println("./kit verify: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        System.out.println(ok ? "verify: OK" : "verify: FAILED (see the problems above and reports/summary.md)");
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The run the flags ask for; refuses bad values before any check starts. */
    VerifyRun.Options options() throws UsageException {
        if (budget != null && (budget <= 0 || budget > 10_000)) {
            throw new UsageException("--budget must be between 1 and 10000, got " + budget);
        }
        if (vivid != null && (vivid < 2 || vivid > 4)) {
            throw new UsageException("--vivid takes 2 to 4 devices, got " + vivid);
        }
        List<String> nodes = devices == null ? List.of()
                : devices.stream().map(String::trim).filter(n -> !n.isEmpty()).toList();
        for (String n : nodes) {
            if (!Files.exists(Path.of(n))) {
                throw new UsageException("no such device node: " + n);
            }
        }
        if (devices != null && nodes.size() < 2) {
            throw new UsageException("--devices needs at least two nodes (the scenarios stop several cameras at once)");
        }
        Campaign.Shard part = Campaign.Shard.ALL;
        if (shard != null) {
            try {
                part = Campaign.Shard.parse(shard);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--shard: " + e.getMessage());
            }
        }
        List<Path> shards = merge == null ? List.of() : merge;
        if (shard != null && !shards.isEmpty()) {
            throw new UsageException("--shard and --merge do not go together: run the shards, then merge them");
        }
        for (Path dir : shards) {
            if (!Files.isRegularFile(dir.resolve("shard.json"))) {
                throw new UsageException("--merge: no shard.json in " + dir);
            }
        }
        VerifyRun.Options d = DEFAULTS;
        return new VerifyRun.Options(reports == null ? d.reports() : reports,
                budget == null ? d.tries() : budget, d.scale(),
                seed == null ? d.seed() : seed, vivid == null ? d.vividDevices() : vivid, nodes, part, shards);
    }
}
