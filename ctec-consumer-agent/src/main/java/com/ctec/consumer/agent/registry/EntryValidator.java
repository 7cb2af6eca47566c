package com.ctec.consumer.agent.registry;

import com.ctec.consumer.internal.AppNames;
import com.ctec.consumer.internal.Printable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether the bytes of a registry node are an entry that readers (the dashboard,
 * {@code ctec-consumer status}) may believe, before they compute anything from it.
 *
 * <p>Whoever can write to the registry's ZooKeeper can write anything there. An entry an agent
 * wrote always passes; one that does not (too big, too deep, a point at {@code Long.MAX_VALUE}, an
 * interval of years, a million points, a megabyte of description, a time far in the future) is
 * {@link Invalid}: readers show the node as bad, with {@link Invalid#problem()}, and never use its
 * numbers. The bounds make every computation over a valid entry small: times stay between
 * {@link #EARLIEST} and {@link #LATEST}, so no sum of a time and an interval overflows.
 */
public final class EntryValidator {
    /** ZooKeeper's own default limit on a node (jute.maxbuffer). */
    public static final int MAX_BYTES = 1024 * 1024;
    /** A day of one-minute points is 1,440; the agent keeps no more in one node. */
    public static final int MAX_POINTS = 2_000;
    public static final int MAX_QUEUES = 1_000;
    /** Names, paths, descriptions and error texts longer than this are not from an agent. */
    public static final int MAX_TEXT = 4_096;
    /** The agent's interval is a positive duration; a day is far beyond any sensible one. */
    public static final long MAX_INTERVAL_MS = 24 * 60 * 60 * 1000L;
    /** 2001-09-09: no entry was written before. */
    public static final long EARLIEST = 1_000_000_000_000L;
    /** 2100-01-01. */
    public static final long LATEST = 4_102_444_800_000L;
    /** How far ahead of the reader's clock an entry's times may be (clocks of two hosts differ a little). */
    public static final long CLOCK_SKEW_MS = 60 * 60 * 1000L;
    /** Numbers in a series: a percentage, a count or a number of bytes, never near the end of a double's range. */
    public static final double MAX_VALUE = 1e15;

    private static final Pattern STATE = Pattern.compile("[A-Z][A-Z_]{0,31}");

    private EntryValidator() {
    }

    /** What a node holds: an entry to believe, or why not. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** A node that holds an entry an agent could have written. */
    public record Valid(RegistryEntry entry) implements Result {
    }

    /** A node that does not: {@code problem} says why, as a phrase ("holds no data", "its cpu series has ...). */
    public record Invalid(String problem) implements Result {
    }

    /**
     * Checks the data of the node named {@code nodeName} ({@code hostIp:pid}), read at {@code now}
     * (epoch ms). Never throws, whatever the bytes.
     */
    public static Result check(String nodeName, byte[] data, long now) {
        try {
            return new Valid(entry(nodeName, data, now));
        } catch (IllegalArgumentException e) {
            return new Invalid(e.getMessage());
        }
    }

    private static RegistryEntry entry(String nodeName, byte[] data, long now) {
        String json = text(data, "an entry");
        RegistryEntry entry;
        try {
            entry = RegistryEntry.parse(json);
        } catch (IllegalArgumentException e) {
            throw bad("is not a registry entry (" + Printable.of(e.getMessage(), 200) + ")");
        }
        checkTexts(entry);
        if (!entry.state().isEmpty() && !STATE.matcher(entry.state()).matches()) {
            throw bad("has state '" + shown(entry.state()) + "', not one of RUNNING, RECOVERING, STOPPING");
        }
        if (nodeName != null && !nodeName.equals(entry.instanceId()) && !nodeName.equals(segment(entry.instanceId()))) {
            throw bad("says it is " + shown(entry.instanceId()) + ", but its node is " + shown(nodeName));
        }
        if (entry.intervalMs() < 0 || entry.intervalMs() > MAX_INTERVAL_MS) {
            throw bad("has intervalMs " + entry.intervalMs() + ", outside 1 ms to 1 day");
        }
        if (entry.pid() < 0) {
            throw bad("has pid " + entry.pid());
        }
        long latest = Math.min(LATEST, now + CLOCK_SKEW_MS);
        checkTime("updatedAt", entry.updatedAt(), latest);
        checkTime("startedAt", entry.startedAt(), latest);
        if (entry.queues().size() > MAX_QUEUES) {
            throw bad("lists " + entry.queues().size() + " queues, more than " + MAX_QUEUES);
        }
        checkSeries("cpu", entry.cpu(), latest);
        checkSeries("memory", entry.memory(), latest);
        checkSeries("consumed", entry.consumed(), latest);
        checkSeries("heapUsed", entry.heapUsed(), latest);
        checkSeries("threadCounts", entry.threadCounts(), latest);
        checkSeries("failed", entry.failed(), latest);
        checkSeries("deadLettered", entry.deadLettered(), latest);
        checkSeries("backlog", entry.backlog(), latest);
        for (RegistryEntry.Queue q : entry.queues()) {
            if (q.lastFailure() != null) {
                checkTime("lastFailure.at of queue '" + shown(q.queue()) + "'", q.lastFailure().at(), latest);
            }
        }
        return entry;
    }

    /** A closed hour holds at most one point a minute (a little slack for an agent's clock stepping back). */
    public static final int MAX_HOUR_POINTS = 120;

    /** What a history node holds: the hour's series to believe, or why not. */
    public sealed interface HourResult permits ValidHour, InvalidHour {
    }

    /** A history node an agent could have written. */
    public record ValidHour(HistorySeries series) implements HourResult {
    }

    /** A history node that is not: {@code problem} says why. */
    public record InvalidHour(String problem) implements HourResult {
    }

    /**
     * Checks the data of the history node of the hour starting at {@code hourStart}: every point
     * must lie in that hour, at most {@link #MAX_HOUR_POINTS} per series. Never throws.
     */
    public static HourResult checkHour(long hourStart, byte[] data) {
        try {
            return new ValidHour(hour(hourStart, data));
        } catch (IllegalArgumentException e) {
            return new InvalidHour(e.getMessage());
        }
    }

    private static HistorySeries hour(long hourStart, byte[] data) {
        String json = text(data, "an hour");
        if (hourStart < EARLIEST || hourStart > LATEST || hourStart % RegistryPaths.HOUR_MS != 0) {
            throw bad("is named " + hourStart + ", not the start of an hour between 2001 and 2100");
        }
        HistorySeries hour;
        try {
            hour = HistorySeries.parse(json);
        } catch (IllegalArgumentException e) {
            throw bad("is not a history hour (" + Printable.of(e.getMessage(), 200) + ")");
        }
        List<List<RegistryEntry.Point>> all = List.of(hour.cpu(), hour.memory(), hour.consumed(), hour.failed(),
                hour.deadLettered(), hour.backlog());
        for (List<RegistryEntry.Point> series : all) {
            if (series.size() > MAX_HOUR_POINTS) {
                throw bad("has " + series.size() + " points in one series, more than " + MAX_HOUR_POINTS);
            }
            for (RegistryEntry.Point p : series) {
                if (p.at() < hourStart || p.at() >= hourStart + RegistryPaths.HOUR_MS) {
                    throw bad("has a point at " + p.at() + ", outside its hour");
                }
                checkValue("history", p.value());
            }
        }
        return hour;
    }

    private static void checkTexts(RegistryEntry e) {
        for (String text : List.of(e.appName(), e.appDesc(), e.deployPath(), e.hostIp(), e.version(), e.state())) {
            checkText(text);
        }
        for (RegistryEntry.Queue q : e.queues()) {
            for (String text : List.of(q.queue(), q.vhost(), q.broker(), q.mode(), q.state())) {
                checkText(text);
            }
        }
    }

    private static void checkText(String text) {
        if (text.length() > MAX_TEXT) {
            throw bad("has a text of " + text.length() + " characters (at most " + MAX_TEXT + "): '"
                    + shown(text.substring(0, 40)) + "...'");
        }
    }

    /** 0 stands for a field an older agent did not write. */
    private static void checkTime(String field, long time, long latest) {
        if (time != 0 && (time < EARLIEST || time > latest)) {
            throw bad("has " + field + " " + time + ", not a time between 2001 and now");
        }
    }

    private static void checkSeries(String name, List<RegistryEntry.Point> points, long latest) {
        if (points.size() > MAX_POINTS) {
            throw bad("has " + points.size() + " points in its " + name + " series, more than " + MAX_POINTS);
        }
        for (RegistryEntry.Point p : points) {
            if (p.at() < EARLIEST || p.at() > latest) {
                throw bad("has a point of its " + name + " series at " + p.at() + ", not a time between 2001 and now");
            }
            checkValue(name, p.value());
        }
    }

    private static void checkValue(String series, double value) {
        if (!(Math.abs(value) <= MAX_VALUE)) {
            throw bad("has the value " + value + " in its " + series + " series");
        }
    }

    /** The node's data as text: there, at most {@link #MAX_BYTES} (what {@code what} may have), UTF-8. */
    private static String text(byte[] data, String what) {
        if (data == null || data.length == 0) {
            throw bad("holds no data");
        }
        if (data.length > MAX_BYTES) {
            throw bad("holds " + data.length + " bytes, more than the " + MAX_BYTES + " " + what + " may have");
        }
        return utf8(data);
    }

    /** Bytes that are not UTF-8 are no entry: decoding them leniently would show replacement characters as truth. */
    private static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw bad("is not UTF-8 text");
        }
    }

    /** The agent writes a '/' of a name as '_' (and other characters ZooKeeper refuses). */
    private static String segment(String name) {
        return AppNames.segment(name);
    }

    /** A value quoted in a problem: control characters escaped, cut short. */
    private static String shown(String text) {
        return Printable.of(text, 80);
    }

    private static IllegalArgumentException bad(String problem) {
        return new IllegalArgumentException(problem);
    }
}
