package org.ipcsync.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the TLA+ values TLC prints in an error trace into plain Java values: Integer, String,
 * Boolean, List (sequences and sets), and Map (records with String keys, functions
 * {@code (k :> v @@ ...)} with Integer or String keys). Stateless; safe from any thread.
 */
public final class TlaValue {
    private final String text;
    private int pos;

    private TlaValue(String text) {
        this.text = text;
    }

    /** Parses one complete value; throws IllegalArgumentException on anything else. */
    public static Object parse(String text) {
        TlaValue p = new TlaValue(text);
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            throw p.error("trailing text");
        }
        return v;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("value expected");
        }
        char ch = text.charAt(pos);
        if (text.startsWith("<<", pos)) {
            pos += 2;
            return list(">>");
        }
        if (ch == '{') {
            pos++;
            return list("}");
        }
        if (ch == '[') {
            pos++;
            return record();
        }
        if (ch == '(') {
            pos++;
            return function();
        }
        if (ch == '"') {
            return string();
        }
        if (ch == '-' || Character.isDigit(ch)) {
            int start = pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return Integer.valueOf(text.substring(start, pos));
        }
        if (text.startsWith("TRUE", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("FALSE", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected '" + ch + "'");
        }
        return text.substring(start, pos); // a model value
    }

    private List<Object> list(String close) {
        List<Object> items = new ArrayList<>();
        skipSpace();
        if (text.startsWith(close, pos)) {
            pos += close.length();
            return items;
        }
        while (true) {
            items.add(value());
            skipSpace();
            if (text.startsWith(close, pos)) {
                pos += close.length();
                return items;
            }
            expect(",");
        }
    }

    private Map<Object, Object> record() {
        Map<Object, Object> fields = new LinkedHashMap<>();
        skipSpace();
        if (text.startsWith("]", pos)) {
            pos++;
            return fields;
        }
        while (true) {
            skipSpace();
            int start = pos;
            while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            expect("|->");
            fields.put(name, value());
            skipSpace();
            if (text.startsWith("]", pos)) {
                pos++;
                return fields;
            }
            expect(",");
        }
    }

    private Map<Object, Object> function() {
        Map<Object, Object> entries = new LinkedHashMap<>();
        while (true) {
            Object key = value();
            expect(":>");
            entries.put(key, value());
            skipSpace();
            if (text.startsWith(")", pos)) {
                pos++;
                return entries;
            }
            expect("@@");
        }
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char ch = text.charAt(pos++);
            if (ch == '\\' && pos < text.length()) {
                ch = text.charAt(pos++);
            }
            sb.append(ch);
        }
        expect("\"");
        return sb.toString();
    }

    private void expect(String token) {
        skipSpace();
        if (!text.startsWith(token, pos)) {
            throw error("'" + token + "' expected");
        }
        pos += token.length();
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + pos + " in TLA+ value: " + text);
    }
}
