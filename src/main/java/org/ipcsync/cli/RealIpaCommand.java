package org.ipcsync.cli;

import java.io.PrintStream;
import java.util.List;
import org.ipcsync.libcamera.RealIpa;
import org.ipcsync.libcamera.VimcWorker;
import org.ipcsync.pipe.PipeDesigns;

/**
 * `./kit real-ipa [--design D]`: every pipe design (or D) drives Debian's real vimc IPA worker
 * ({@link RealIpa}); PASS/FAIL lines, exit status 1 if any step failed.
 */
public final class RealIpaCommand implements KitCommand {
    private final PrintStream out;

    public RealIpaCommand() {
        this(System.out);
    }

    public RealIpaCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "real-ipa";
    }

    @Override
    public String summary() {
        return "drive Debian's real vimc_ipa_proxy + ipa_vimc.so from each design; late init, SIGKILL ([--design D])";
    }

    @Override
    public int run(String[] args) throws Exception {
        List<String> designs = PipeDesigns.names();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--design") && i + 1 < args.length) {
                designs = List.of(args[++i]);
            } else {
                throw new UsageException("unexpected argument '" + args[i] + "' (usage: [--design D])");
            }
        }
        if (!PipeDesigns.names().containsAll(designs)) {
            throw new UsageException("unknown design '" + designs.get(0) + "' (designs: " + PipeDesigns.names() + ")");
        }
        return new RealIpa(VimcWorker.debian(), out).run(designs) ? 0 : 1;
    }
}
