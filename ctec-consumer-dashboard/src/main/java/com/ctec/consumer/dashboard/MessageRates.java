package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;
import com.ctec.consumer.agent.registry.RegistryEntry.Point;

import java.util.List;
import java.util.function.Function;

/** "Per minute now" of an instance: its last whole minute ({@link RegistryEntry#lastMinute}). */
final class MessageRates {
    private MessageRates() {
    }

    static double now(Instance instance, Function<RegistryEntry, List<Point>> series) {
        RegistryEntry entry = instance.entry();
        return entry.lastMinute(series.apply(entry));
    }
}
