package org.ipcsync.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of a TLA+ module under {@code spec/}, as a design's catalog entry declares
 * it: the module, the deadline in ticks (one tick stands for 1000 ms), the constants that select
 * the configuration, what it is checked on in CI, and how its counterexamples are told. The spec
 * layer knows no design by name; whoever runs checks passes the models in. Immutable.
 *
 * @param name           the design's one name ({@code nested}, {@code threaded-no-notify}, ...):
 *                       check ids, the verdict table and reports use it
 * @param module         the TLA+ module (file name without .tla) that holds the Spec
 * @param deadlineTicks  the sync-call deadline of this design
 * @param switches       the design-specific constants, in cfg order (TLA+ syntax: strings keep their quotes)
 * @param properties     what it is checked on at the smallest CI size, canaries last
 * @param ciCameras      the camera counts CI checks it at, smallest first
 * @param largerCanaries canaries added at the larger CI sizes (they back the "holds" verdicts there;
 *                       which properties run there is {@link SpecCatalogue}'s rule, the same for every model)
 * @param narration      how {@link Timeline} tells its counterexamples
 */
public record Model(String name, String module, int deadlineTicks, Map<String, String> switches,
                   List<Property> properties, List<Integer> ciCameras, List<Property> largerCanaries,
                   Narration narration) {
    /** The legacy 2000 ms sendSync timeout in ticks, the bound NoEarlyTimeout holds every design to. */
    public static final int LEGACY_DEADLINE_TICKS = 2;

    public Model {
        if (name.isBlank() || !name.equals(name.toLowerCase()) || name.contains(" ")) {
            throw new IllegalArgumentException("a design name is one lower-case word with dashes, got '" + name + "'");
        }
        if (deadlineTicks < 1) {
            throw new IllegalArgumentException(name + ": deadline must be at least one tick");
        }
        if (properties.isEmpty() || ciCameras.isEmpty()) {
            throw new IllegalArgumentException(name + ": a model is checked on at least one property at one size");
        }
        switches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(switches));
        properties = List.copyOf(properties);
        ciCameras = List.copyOf(ciCameras);
        largerCanaries = List.copyOf(largerCanaries);
    }
}
