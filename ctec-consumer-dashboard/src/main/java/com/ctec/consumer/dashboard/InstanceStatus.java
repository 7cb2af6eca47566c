package com.ctec.consumer.dashboard;

import java.util.Locale;

/** What the dashboard says of one instance: its own state, unless it went quiet (stale) or its znode vanished (gone). */
enum InstanceStatus {
    RUNNING, RECOVERING, STOPPING, STALE, GONE;

    /** Agents that wrote no interval rewrite once a minute, the agent's default. */
    private static final long DEFAULT_INTERVAL_MS = 60_000;

    static InstanceStatus of(Instance instance, long now) {
        if (instance.gone()) {
            return GONE;
        }
        if (now - instance.entry().updatedAt() > staleAfterMs(instance)) {
            return STALE;
        }
        return switch (instance.entry().state()) {
            case "RECOVERING" -> RECOVERING;
            case "STOPPING" -> STOPPING;
            default -> RUNNING;
        };
    }

    /**
     * Three missed rewrites: one late write is jitter, three mean a hung process, or a dead one whose
     * session has not expired yet. The same rule as {@code ctec-consumer status}.
     */
    static long staleAfterMs(Instance instance) {
        return 3 * intervalMs(instance);
    }

    static long intervalMs(Instance instance) {
        long interval = instance.entry().intervalMs();
        return interval > 0 ? interval : DEFAULT_INTERVAL_MS;
    }

    String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
