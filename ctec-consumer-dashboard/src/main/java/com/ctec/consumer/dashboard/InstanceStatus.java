package com.ctec.consumer.dashboard;

import java.util.Locale;

/**
 * What the dashboard says of one instance: its own state, unless it went quiet (stale), its znode
 * vanished (gone) or its znode holds no entry to believe (invalid).
 */
enum InstanceStatus {
    RUNNING, RECOVERING, STOPPING, STALE, GONE, INVALID;

    static InstanceStatus of(Instance instance, long now) {
        if (instance.gone()) {
            return GONE;
        }
        if (instance.invalid()) {
            return INVALID;
        }
        if (instance.entry().isStale(now)) {
            return STALE;
        }
        return switch (instance.entry().state()) {
            case "RECOVERING" -> RECOVERING;
            case "STOPPING" -> STOPPING;
            default -> RUNNING;
        };
    }

    /** Whether its series are current and believed: neither stale, gone nor invalid. */
    boolean fresh() {
        return this != STALE && this != GONE && this != INVALID;
    }

    /** The registry's stale rule ({@code RegistryEntry.staleAfterMs}), the same as {@code ctec-consumer status}. */
    static long staleAfterMs(Instance instance) {
        return instance.entry().staleAfterMs();
    }

    static long intervalMs(Instance instance) {
        return instance.entry().interval();
    }

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
