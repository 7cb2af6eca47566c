package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;

/**
 * One consumer process as the dashboard last saw it: its registry entry, and since when it is gone
 * (its znode deleted) or 0 while it is registered.
 *
 * @param app       the app's znode name (the URL's name; '/' in an app name was written as '_')
 * @param id        the instance's znode name, {@code hostIp:pid}
 * @param entry     the last entry read
 * @param goneSince when the znode disappeared, epoch ms; 0 while it exists
 */
record Instance(String app, String id, RegistryEntry entry, long goneSince) {
    boolean gone() {
        return goneSince > 0;
    }

    Instance goneAt(long time) {
        return new Instance(app, id, entry, time);
    }
}
