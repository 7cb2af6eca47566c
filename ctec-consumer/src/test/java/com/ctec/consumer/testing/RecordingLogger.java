package com.ctec.consumer.testing;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.List;

/**
 * A logger that keeps the lines at or above a level (formatted, with the throwable if any) in a
 * list, for tests that check what the consumer said. Subclasses may also print each kept line.
 */
public class RecordingLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;
    private final transient List<String> lines;
    private final Level threshold;

    /** Keeps WARN and ERROR lines in {@code lines}. */
    public RecordingLogger(List<String> lines) {
        this(lines, Level.WARN, "recording");
    }

    /** Keeps the lines at {@code threshold} or above in {@code lines} (a thread-safe list). */
    public RecordingLogger(List<String> lines, Level threshold, String name) {
        this.lines = lines;
        this.threshold = threshold;
        this.name = name;
    }

    /** Called for each kept line, after it was added. */
    protected void recorded(Level level, String line, Throwable throwable) {
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        if (level.toInt() < threshold.toInt()) {
            return;
        }
        String line = level + " " + MessageFormatter.basicArrayFormat(pattern, arguments)
                + (throwable == null ? "" : " [" + throwable + "]");
        lines.add(line);
        recorded(level, line, throwable);
    }

    private boolean keeps(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return keeps(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return keeps(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return keeps(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return keeps(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return keeps(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return keeps(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return keeps(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return keeps(Level.WARN);
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
