package com.ctec.consumer.reliability;

import com.ctec.consumer.testing.RecordingLogger;
import org.slf4j.event.Level;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The consumer's logger in the scenarios: keeps every INFO, WARN and ERROR line (with a stack
 * trace's first line) for the assertions, and prints them with the time, so a failed run's
 * output shows what the consumer said and when.
 */
final class CapturingLogger extends RecordingLogger {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;

    CapturingLogger(String name) {
        this(name, Collections.synchronizedList(new ArrayList<>()));
    }

    private CapturingLogger(String name, List<String> lines) {
        super(lines, Level.INFO, name);
        this.lines = lines;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines containing {@code text}. */
    List<String> matching(String text) {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }

    String all() {
        return String.join("\n", lines());
    }

    @Override
    protected void recorded(Level level, String line, Throwable throwable) {
        System.out.println(LocalTime.now() + " " + name + " " + line);
        if (throwable != null && level == Level.ERROR) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            System.out.println(trace.toString().lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
    }
}
