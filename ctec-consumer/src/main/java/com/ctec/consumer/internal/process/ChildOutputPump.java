package com.ctec.consumer.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies one output stream of a child to the supervisor's stdout or stderr, line by line, each
 * line starting with {@code [child N]} so the lines of several children can be told apart.
 *
 * <p>One daemon thread per stream. A line is written with a single {@code write} call, which
 * {@link PrintStream} serialises, so lines of different children never mix mid-line.
 */
final class ChildOutputPump {
    /** A child that never ends its line must not grow the buffer without bound. */
    private static final int MAX_LINE = 64 * 1024;

    private final String tag;
    private final InputStream source;
    private final PrintStream target;
    private final Thread thread;

    private ChildOutputPump(int index, String stream, InputStream source, PrintStream target) {
        this.tag = "[child " + index + "]";
        this.source = source;
        this.target = target;
        this.thread = Thread.ofPlatform().daemon(true).name("ctec-child-" + index + "-" + stream).unstarted(this::copy);
    }

    /** Starts copying {@code source} to {@code target} until the child closes it. */
    static ChildOutputPump start(int index, String stream, InputStream source, PrintStream target) {
        ChildOutputPump pump = new ChildOutputPump(index, stream, source, target);
        pump.thread.start();
        return pump;
    }

    /** Waits up to {@code millis} for the last lines (a grandchild holding the pipe open must not block the supervisor). */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void copy() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try (InputStream in = source) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n' || line.size() >= MAX_LINE) {
                        emit(line);
                    }
                    if (buffer[i] != '\n') {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The pipe broke with the child: nothing more to copy.
        }
        if (line.size() > 0) {
            emit(line);
        }
    }

    private void emit(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        line.reset();
        // A child logging through ConsumerLog already prints the tag (from the MDC): do not print it twice.
        boolean tagged = new String(bytes, StandardCharsets.ISO_8859_1).contains(tag);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + tag.length() + 2);
        if (!tagged) {
            out.writeBytes((tag + " ").getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(bytes);
        out.write('\n');
        target.write(out.toByteArray(), 0, out.size());
        target.flush();
    }
}
