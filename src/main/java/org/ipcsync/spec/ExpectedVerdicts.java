package org.ipcsync.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checked-in table {@code spec/expected-verdicts.csv}: for each CI-sized check the verdict
 * TLC must reach, the model size it was reached at, a note saying why, and for a "holds" row the
 * canary whose violation on the same model shows the property's situation is reachable. Columns:
 * design, property, cameras, model, expected, note, canary. A row is keyed by design, property,
 * cameras and the model's first cookie (Seq0), so a first-call run and a later-call run of the
 * same property are two rows. Immutable once loaded.
 */
public final class ExpectedVerdicts {
    public static final Path DEFAULT_FILE = Path.of("spec", "expected-verdicts.csv");

    /** One row of the table. */
    public record Entry(String design, String property, int cameras, String model, Verdict expected, String note,
                        String canary) {
        public String key() {
            return key(design, property, cameras, seq0());
        }

        /** The model's Seq0 constant (the first modelled call's cookie). */
        public int seq0() {
            Matcher m = SEQ0.matcher(model);
            return m.find() ? Integer.parseInt(m.group(1)) : Check.SEQ0;
        }

        static String key(String design, String property, int cameras, int seq0) {
            return design + "/" + property + "/" + cameras + (seq0 == Check.SEQ0 ? "" : "/seq" + seq0);
        }
    }

    private static final Pattern SEQ0 = Pattern.compile("\\bSeq0=(\\d+)");
    private static final int COLUMNS = 7;

    private final Map<String, Entry> entries;

    private ExpectedVerdicts(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /** Loads {@code spec/expected-verdicts.csv} relative to the working directory. */
    public static ExpectedVerdicts load() {
        return load(DEFAULT_FILE);
    }

    public static ExpectedVerdicts load(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (int i = 1; i < lines.size(); i++) { // line 0 is the header
                if (lines.get(i).isBlank()) {
                    continue;
                }
                List<String> f = csv(lines.get(i));
                if (f.size() != COLUMNS) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + COLUMNS
                            + " fields, got " + f.size());
                }
                Entry e = new Entry(f.get(0), f.get(1), Integer.parseInt(f.get(2)), f.get(3),
                        Verdict.byWord(f.get(4)), f.get(5), f.get(6));
                if (entries.put(e.key(), e) != null) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": duplicate row " + e.key());
                }
            }
            return new ExpectedVerdicts(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public Optional<Entry> lookup(Check check) {
        return Optional.ofNullable(entries.get(Entry.key(check.design().name(), check.property().tlaName(),
                check.cameras(), check.seq0())));
    }

    /**
     * Why a result disagrees with the table, naming both verdicts; empty when it agrees. A
     * check without a row disagrees too, so a new check cannot pass unnoticed.
     */
    public Optional<String> disagreement(TlcResult result) {
        Check check = result.check();
        Optional<Entry> want = lookup(check);
        if (want.isEmpty()) {
            return Optional.of(check.id() + ": TLC says " + result.verdict().word() + ", the table has no row for it");
        }
        if (want.get().expected() == result.verdict()) {
            return Optional.empty();
        }
        return Optional.of(check.id() + ": TLC says " + result.verdict().word() + ", the table expects "
                + want.get().expected().word() + " (" + want.get().note() + "); TLC output in "
                + result.runDir().resolve("tlc.out"));
    }

    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Splits one CSV line; fields may be double-quoted, with "" for a quote inside. */
    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        fields.add(cur.toString());
        return fields;
    }
}
