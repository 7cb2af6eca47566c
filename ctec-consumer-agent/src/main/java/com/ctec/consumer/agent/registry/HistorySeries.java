package com.ctec.consumer.agent.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The six series the registry keeps for 24 hours, as [minute start, value] points: one closed hour
 * as its history znode {@code <historyRoot>/<app>/<hostIp>:<pid>/<hourStart>} holds it, or a whole
 * day joined by {@link RegistryReader}.
 *
 * @param cpu          CPU use, percent of the whole machine
 * @param memory       memory held, percent of the machine's physical memory
 * @param consumed     messages handled
 * @param failed       worker failures
 * @param deadLettered messages dead-lettered
 * @param backlog      messages ready at the minute's end
 */
public record HistorySeries(List<RegistryEntry.Point> cpu, List<RegistryEntry.Point> memory,
                            List<RegistryEntry.Point> consumed, List<RegistryEntry.Point> failed,
                            List<RegistryEntry.Point> deadLettered, List<RegistryEntry.Point> backlog) {
    /** No points at all. */
    public static final HistorySeries EMPTY = new HistorySeries(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    /** Copies the lists, so the series never change once built. */
    public HistorySeries {
        cpu = List.copyOf(cpu);
        memory = List.copyOf(memory);
        consumed = List.copyOf(consumed);
        failed = List.copyOf(failed);
        deadLettered = List.copyOf(deadLettered);
        backlog = List.copyOf(backlog);
    }

    /**
     * Parses the JSON of a history znode ({@link RegistryJson#readHour}); series missing read as empty.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object, or a field has the wrong type
     */
    public static HistorySeries parse(String json) {
        return RegistryJson.readHour(json);
    }

    /** The JSON written to a history znode ({@link RegistryJson#writeHour}); {@link #parse} reads it back equal. */
    public String toJson() {
        return RegistryJson.writeHour(this);
    }

    /** The points with {@code from <= at < to} of each series. */
    public HistorySeries between(long from, long to) {
        return map(points -> points.stream().filter(p -> p.at() >= from && p.at() < to).toList());
    }

    /**
     * These series and {@code later}'s joined by minute, oldest first; where both hold a minute,
     * {@code later}'s value wins (the entry's minute in progress over an older copy).
     */
    public HistorySeries join(HistorySeries later) {
        return new HistorySeries(join(cpu, later.cpu), join(memory, later.memory), join(consumed, later.consumed),
                join(failed, later.failed), join(deadLettered, later.deadLettered), join(backlog, later.backlog));
    }

    private HistorySeries map(Function<List<RegistryEntry.Point>, List<RegistryEntry.Point>> each) {
        return new HistorySeries(each.apply(cpu), each.apply(memory), each.apply(consumed), each.apply(failed),
                each.apply(deadLettered), each.apply(backlog));
    }

    private static List<RegistryEntry.Point> join(List<RegistryEntry.Point> earlier, List<RegistryEntry.Point> later) {
        TreeMap<Long, Double> byMinute = new TreeMap<>();
        earlier.forEach(p -> byMinute.put(p.at(), p.value()));
        later.forEach(p -> byMinute.put(p.at(), p.value()));
        List<RegistryEntry.Point> out = new ArrayList<>(byMinute.size());
        byMinute.forEach((at, value) -> out.add(new RegistryEntry.Point(at, value)));
        return out;
    }
}
