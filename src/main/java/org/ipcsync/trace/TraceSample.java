package org.ipcsync.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipcsync.scenario.Recording;
import org.ipcsync.scenario.Scenario;
import org.ipcsync.scenario.ScenarioGen;

/**
 * The documented sample of campaign recordings that {@code ./kit verify} validates: per design,
 * every fixed ingredient scenario ({@link ScenarioGen#ingredients()}: worker kill, slow init, the
 * held caller, events before replies) once, plus the first {@code generatedPerDesign} generated
 * or shrinking runs of at most {@link #MAX_CAMERAS} cameras, in campaign order, and every replay
 * verify runs besides the campaign (the stall and the hang, and the real-device suite's runs when it
 * ran, {@link #offerReplay}). Validating every
 * run would add seconds of TLC per recording (over a hundred per verify); the campaign order is
 * the seeded generator's, so the sample is the same for the same seed. Thread-safe.
 */
public final class TraceSample {
    /** Larger runs are left out of the sample (see the class comment). */
    public static final int MAX_CAMERAS = 3;
    private final int generatedPerDesign;
    private final Set<String> ingredients = new LinkedHashSet<>();
    private final Map<String, List<Recording>> kept = new LinkedHashMap<>();
    private final Map<String, Set<String>> ingredientsSeen = new LinkedHashMap<>();
    private final Map<String, Integer> generatedKept = new LinkedHashMap<>();
    private final Map<String, List<Recording>> replays = new LinkedHashMap<>();

    public TraceSample(int generatedPerDesign) {
        this.generatedPerDesign = generatedPerDesign;
        for (Scenario s : ScenarioGen.ingredients()) {
            ingredients.add(s.format());
        }
    }

    /**
     * Offers one recording; keeps it if the sample still wants it. Returns its 1-based place among
     * the design's kept campaign runs, or 0 when it was not kept.
     */
    public synchronized int offer(Recording r) {
        String design = r.design();
        List<Recording> list = kept.computeIfAbsent(design, d -> new ArrayList<>());
        if (ingredients.contains(r.scenario())) {
            if (ingredientsSeen.computeIfAbsent(design, d -> new LinkedHashSet<>()).add(r.scenario())) {
                list.add(r);
                return list.size();
            }
            return 0;
        }
        int n = generatedKept.getOrDefault(design, 0);
        if (n < generatedPerDesign && r.cameras().size() <= MAX_CAMERAS) {
            generatedKept.put(design, n + 1);
            list.add(r);
            return list.size();
        }
        return 0;
    }

    /** Keeps a recording of a scenario verify replays outside the campaign (always validated). */
    public synchronized void offerReplay(Recording r) {
        replays.computeIfAbsent(r.design(), d -> new ArrayList<>()).add(r);
    }

    /** The kept recordings of a pipe design ("nested", "threaded"): campaign runs in offer order, then the replays. */
    public synchronized List<Recording> of(String pipeDesign) {
        List<Recording> out = new ArrayList<>(kept.getOrDefault(pipeDesign, List.of()));
        out.addAll(replays.getOrDefault(pipeDesign, List.of()));
        return List.copyOf(out);
    }

    public String describe() {
        return "per design: the " + ingredients.size() + " ingredient scenarios, the first " + generatedPerDesign
                + " other campaign runs of at most " + MAX_CAMERAS + " cameras, the stall and hang replays, and (with --vivid"
                + " or --devices) the real-device suite's recordings of at most " + MAX_CAMERAS + " cameras";
    }
}
