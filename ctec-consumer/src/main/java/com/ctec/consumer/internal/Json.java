package com.ctec.consumer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes small JSON documents (the management API's answers, the test helpers' documents):
 * maps, lists, strings, numbers, booleans and null. The core may depend on nothing but
 * amqp-client and slf4j, hence this; the other modules use Jackson, through the agent's RegistryJson.
 *
 * <p>Documents come from whoever can write to ZooKeeper or answer on a port, so reading is total:
 * any text either parses or throws {@link IllegalArgumentException} naming the position, never
 * another exception, and nesting deeper than {@link #MAX_DEPTH} is refused before the stack is.
 */
public final class Json {
    /** Objects and arrays nested deeper than this are refused: no document of ours comes near it. */
    public static final int MAX_DEPTH = 128;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** Parses a document; objects become ordered maps, integers longs, other numbers doubles. */
    public static Object parse(String text) {
        Json reader = new Json(text);
        Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("trailing characters");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{', '[' -> nested(c);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    /** An object or an array, one level deeper; the recursion ends at {@link #MAX_DEPTH}. */
    private Object nested(char open) {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        Object value = open == '{' ? object() : array();
        depth--;
        return value;
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            map.put(key, value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> out.append(unicodeEscape());
                default -> out.append(e);
            }
        }
        throw error("unterminated string");
    }

    /** The four hex digits after {@code \\u}. */
    private char unicodeEscape() {
        int value = 0;
        for (int end = pos + 4; pos < end; pos++) {
            int digit = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
            if (digit < 0) {
                throw error("\\u must be followed by four hex digits");
            }
            value = value * 16 + digit;
        }
        return (char) value;
    }

    private Number number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String n = text.substring(start, pos);
        if (n.isEmpty()) {
            throw error("unexpected character");
        }
        try {
            // Not a conditional expression: it would promote the long to a double.
            if (n.contains(".") || n.contains("e") || n.contains("E")) {
                double d = Double.parseDouble(n);
                if (Double.isInfinite(d)) {
                    throw error("number out of range: " + abbreviated(n));
                }
                return d;
            }
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw error("not a number: " + abbreviated(n));
        }
    }

    private static String abbreviated(String n) {
        return n.length() > 30 ? n.substring(0, 30) + "..." : n;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected character");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at " + pos + ": " + what);
    }

    /** Writes maps, iterables, arrays of numbers, strings, numbers, booleans and null as JSON. */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence text) {
            quote(text.toString(), out);
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> items) {
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else if (value instanceof long[] longs) {
            List<Object> boxed = new ArrayList<>();
            for (long l : longs) {
                boxed.add(l);
            }
            write(boxed, out);
        } else if (value instanceof double[] doubles) {
            List<Object> boxed = new ArrayList<>();
            for (double d : doubles) {
                boxed.add(d);
            }
            write(boxed, out);
        } else if (value instanceof Object[] objects) {
            write(List.of(objects), out);
        } else {
            quote(value.toString(), out);
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        // Escaping <, > and & keeps JSON safe to embed in a page.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
