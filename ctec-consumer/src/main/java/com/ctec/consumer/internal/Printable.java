package com.ctec.consumer.internal;

/**
 * Text from outside (ZooKeeper entries, message bodies and headers, names) made safe to print on
 * a terminal: control characters and the ones that reorder text are shown escaped, so an escape
 * sequence cannot reach the terminal and a newline cannot forge a line of a table.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} with every control character escaped ({@code \n}, {@code \t}, {@code \u001b}, ...); null stays null. */
    public static String of(String text) {
        if (text == null || text.chars().noneMatch(Printable::needsEscape)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@link #of(String)}, cut to at most {@code max} characters of the original with "..." after. */
    public static String of(String text, int max) {
        return text == null || text.length() <= max ? of(text) : of(text.substring(0, max)) + "...";
    }

    /**
     * C0 and C1 controls, DEL, and the bidirectional overrides and isolates (they make a terminal
     * or a page show text in another order than it is: "Trojan Source").
     */
    private static boolean needsEscape(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }
}
