package org.ipcsync.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.ipcsync.libcamera.RealIpa;
import org.ipcsync.libcamera.VimcWorker;
import org.ipcsync.catalog.DesignCatalog;
import org.ipcsync.pipe.PipeDesign;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./kit real-ipa}: every pipe design (or one) drives Debian's real vimc IPA worker through
 * {@link RealIpa}: the vimc protocol with the capture comparison, a late init reply, a SIGKILL
 * mid-call. PASS/FAIL lines; exit status 1 if any step failed.
 */
@Command(name = "real-ipa", sortOptions = false,
        description = "drive Debian's real vimc_ipa_proxy + ipa_vimc.so from each pipe design: the vimc protocol "
                + "against a capture of real traffic, a late init reply, a SIGKILL mid-call",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every step passed", "1:a step failed (the FAIL line says which)", ExitCodes.USAGE_LINE,
            ExitCodes.ERROR_LINE})
public final class RealIpaCommand implements Callable<Integer> {
    @Option(names = "--design", paramLabel = "D", converter = PipeDesignConverter.class,
            completionCandidates = PipeDesignConverter.class,
            description = "only this design: ${COMPLETION-CANDIDATES} (default: every design)")
    private String design;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private final PrintStream out;

    public RealIpaCommand() {
        this(System.out);
    }

    public RealIpaCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        List<PipeDesign> designs = design == null ? DesignCatalog.pipes() : List.of(DesignCatalog.pipe(design));
        return new RealIpa(VimcWorker.debian(), out).run(designs) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
