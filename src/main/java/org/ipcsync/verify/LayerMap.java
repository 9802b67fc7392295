package org.ipcsync.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipcsync.spec.Design;

/**
 * Which model configuration stands for which executable design, and the checked-in notes
 * ({@code spec/layer-notes.csv}) on properties the two layers judge differently. A model design
 * with no executable counterpart is reported one-sided, never hidden.
 */
public final class LayerMap {
    public static final Path NOTES_FILE = Path.of("spec", "layer-notes.csv");

    /** The kit's name for a model design as it appears in reports. */
    public static String kitName(Design design) {
        return switch (design) {
            case NESTED -> "nested";
            case THREADED -> "threaded";
            case NESTED_CROSS_THREAD -> "nested-cross-thread";
            case NESTED_CALLER_THREAD -> "nested-caller-thread";
            case THREADED_NO_NOTIFY -> "threaded-no-notify";
            case POLL_ONE -> "poll-one";
            case POLL_ONE_FULL_TIMEOUT -> "poll-one-full-timeout";
            case POLL_ONE_DEADLINE_FIRST -> "poll-one-deadline-first";
        };
    }

    /** Model designs that appear in the design x property matrix (the mutants are sanity checks). */
    public static List<Design> matrixDesigns() {
        return List.of(Design.NESTED, Design.THREADED, Design.POLL_ONE, Design.NESTED_CROSS_THREAD,
                Design.NESTED_CALLER_THREAD);
    }

    /** The executable design whose scenarios judge {@code design}, if any. */
    public static Optional<String> scenarioDesign(Design design) {
        return switch (design) {
            case NESTED -> Optional.of("nested");
            case THREADED -> Optional.of("threaded");
            case POLL_ONE -> Optional.of("poll-one");
            default -> Optional.empty();
        };
    }

    private final Map<String, String> notes;

    private LayerMap(Map<String, String> notes) {
        this.notes = notes;
    }

    public static LayerMap load() {
        return load(NOTES_FILE);
    }

    /** Reads {@code design,property,note} rows; {@code *} as design applies to every design. */
    public static LayerMap load(Path file) {
        Map<String, String> notes = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("design,")) {
                    continue;
                }
                String[] f = line.split(",", 3);
                if (f.length < 3) {
                    throw new IllegalArgumentException(file + ": expected design,property,note in '" + line + "'");
                }
                notes.put(f[0].trim() + "/" + f[1].trim(), unquote(f[2].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new LayerMap(notes);
    }

    /** Why the layers judge this cell differently, or null when they judge it the same way. */
    public String note(String kitDesign, String property) {
        String n = notes.get(kitDesign + "/" + property);
        if (n == null) {
            n = notes.get(kitDesign + "/*");
        }
        return n != null ? n : notes.get("*/" + property);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
