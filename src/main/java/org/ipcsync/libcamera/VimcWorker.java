package org.ipcsync.libcamera;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ipcsync.worker.WorkerCommand;

/**
 * Where Debian's libcamera 0.0.3 packages put the isolated vimc IPA: the worker
 * ({@code libcamera0.0.3}), the module and its configuration file ({@code libcamera-ipa}), and
 * the sensor model the vimc pipeline passes to init. The worker is started as libcamera does,
 * {@code <worker> <module.so> <fd>}. Immutable.
 */
public record VimcWorker(Path proxy, Path module, Path configurationFile, String sensorModel) {
    public static VimcWorker debian() {
        Path lib = Path.of("/usr/lib/x86_64-linux-gnu/libcamera");
        return new VimcWorker(lib.resolve("vimc_ipa_proxy"), lib.resolve("ipa_vimc.so"),
                Path.of("/usr/share/libcamera/ipa/vimc/vimc.conf"), "Sensor B");
    }

    /** Null when the worker, module and configuration file are all there; else what is missing. */
    public String missing() {
        for (Path p : new Path[] {proxy, module, configurationFile}) {
            if (!Files.exists(p)) {
                return p + " is missing (apt-get install libcamera0.0.3 libcamera-ipa)";
            }
        }
        return null;
    }

    public WorkerCommand command() {
        return new WorkerCommand(proxy.toString(), module.toString());
    }

    public VimcCodec.IpaSettings settings() {
        return new VimcCodec.IpaSettings(configurationFile.toString(), sensorModel);
    }
}
