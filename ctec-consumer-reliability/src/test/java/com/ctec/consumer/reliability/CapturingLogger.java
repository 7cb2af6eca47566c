package com.ctec.consumer.reliability;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The consumer's logger in the scenarios: keeps every INFO, WARN and ERROR line (with a stack
 * trace's first line) for the assertions, and prints them with the time, so a failed run's
 * output shows what the consumer said and when.
 */
final class CapturingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines = new ArrayList<>();

    CapturingLogger(String name) {
        this.name = name;
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines containing {@code text}. */
    synchronized List<String> matching(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    synchronized String all() {
        return String.join("\n", lines);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        if (level.toInt() < Level.INFO.toInt()) {
            return;
        }
        String line = level + " " + MessageFormatter.basicArrayFormat(pattern, arguments)
                + (throwable == null ? "" : " [" + throwable + "]");
        synchronized (this) {
            lines.add(line);
        }
        System.out.println(LocalTime.now() + " " + name + " " + line);
        if (throwable != null && level == Level.ERROR) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace));
            System.out.println(trace.toString().lines().limit(6).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return true;
    }
}
