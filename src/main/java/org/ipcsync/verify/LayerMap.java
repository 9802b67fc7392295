package org.ipcsync.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checked-in notes ({@code spec/layer-notes.csv}) on cells the two layers judge differently
 * or only one layer judges, keyed by design name (as in the catalog) and property; {@code *}
 * stands for any design or any property. A matrix design with no pipe is reported one-sided,
 * never hidden, and its note says why.
 */
public final class LayerMap {
    public static final Path NOTES_FILE = Path.of("spec", "layer-notes.csv");

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
