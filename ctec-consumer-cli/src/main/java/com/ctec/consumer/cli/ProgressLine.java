package com.ctec.consumer.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;

/**
 * A live progress line: rewritten in place with {@code \r} when stdout is a terminal, else printed
 * as plain lines at most once a second (logs and CI output must not fill with carriage returns).
 */
final class ProgressLine {
    private static final long PLAIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private int lastLength;
    private long lastPlain = System.nanoTime();

    ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows {@code text} now (terminal) or when a second has passed since the last plain line. */
    synchronized void update(String text) {
        if (terminal) {
            rewrite(text);
        } else if (System.nanoTime() - lastPlain >= PLAIN_INTERVAL_NANOS) {
            out.println(text);
            lastPlain = System.nanoTime();
        }
    }

    /** Shows {@code text} as the final state of the line and moves to the next line. */
    synchronized void finish(String text) {
        if (terminal) {
            rewrite(text);
            out.println();
            lastLength = 0;
        } else {
            out.println(text);
        }
        out.flush();
        lastPlain = System.nanoTime();
    }

    private void rewrite(String text) {
        // Pad with spaces so that a shorter line fully covers the previous one.
        out.print("\r" + text + " ".repeat(Math.max(0, lastLength - text.length())));
        out.flush();
        lastLength = text.length();
    }

    /**
     * Whether stdout is an interactive terminal. From JDK 22 {@code System.console()} exists even
     * when output is redirected and {@code Console.isTerminal()} tells; we compile for 21, hence
     * the reflective call. {@code CTEC_PROGRESS=plain|tty} overrides the guess.
     */
    static boolean stdoutIsTerminal() {
        String forced = System.getenv("CTEC_PROGRESS");
        if (forced != null && !forced.isBlank()) {
            return forced.trim().equalsIgnoreCase("tty");
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
