package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;

import java.util.List;

/**
 * One consumer process as the dashboard last saw it: its registry entry, and since when it is gone
 * (its znode deleted) or 0 while it is registered.
 *
 * @param app       the app's znode name (the URL's name; '/' in an app name was written as '_')
 * @param id        the instance's znode name, {@code hostIp:pid}
 * @param entry     the last entry read, or an empty one when its node is invalid
 * @param goneSince when the znode disappeared, epoch ms; 0 while it exists
 * @param problem   why its node holds no entry to believe ({@code EntryValidator}), or null
 */
record Instance(String app, String id, RegistryEntry entry, long goneSince, String problem) {
    Instance(String app, String id, RegistryEntry entry, long goneSince) {
        this(app, id, entry, goneSince, null);
    }

    /**
     * A node that holds no valid entry: shown as invalid with its problem, and nothing from it is
     * believed, so it stands in with an empty entry (no queues, no points, never written).
     */
    static Instance invalid(String app, String id, String problem) {
        RegistryEntry empty = new RegistryEntry(app, "", "", "", 0, "", 0, 0, "", 0, 0, List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of());
        return new Instance(app, id, empty, 0, problem);
    }

    boolean gone() {
        return goneSince > 0;
    }

    boolean invalid() {
        return problem != null;
    }

    Instance goneAt(long time) {
        return new Instance(app, id, entry, time, problem);
    }
}
