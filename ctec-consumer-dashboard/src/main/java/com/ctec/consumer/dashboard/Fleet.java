package com.ctec.consumer.dashboard;

import com.ctec.consumer.agent.registry.RegistryEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Every instance of every app as the dashboard shows it: registered ones, and gone ones, kept
 * (greyed on the page) for {@code goneKeptMs} after their znode vanished, so that a crash is seen
 * rather than silently dropped. Each change is reported to {@link Changes}, including the ones
 * time alone makes (an instance turning stale, a gone one expiring), found by {@link #refresh()}.
 *
 * <p>Thread-safe: the ZooKeeper watch writes, the clock refreshes and HTTP threads read, all under
 * this object's monitor, held only for map operations.
 */
final class Fleet {
    private final LongSupplier clock;
    private final long goneKeptMs;
    private final Changes changes = new Changes();
    private final Map<String, Map<String, Instance>> apps = new TreeMap<>();
    /** The status each instance was last reported with, to notice the changes time makes. */
    private final Map<String, InstanceStatus> reported = new HashMap<>();
    private boolean connected = true;

    Fleet(LongSupplier clock, long goneKeptMs) {
        this.clock = clock;
        this.goneKeptMs = goneKeptMs;
    }

    Changes changes() {
        return changes;
    }

    long now() {
        return clock.getAsLong();
    }

    /** An instance's znode was created or rewritten. */
    void put(String app, String id, RegistryEntry entry) {
        synchronized (this) {
            apps.computeIfAbsent(app, a -> new TreeMap<>()).put(id, new Instance(app, id, entry, 0));
        }
        changes.touch(List.of(app));
    }

    /** An instance's znode was written with data that is no entry to believe ({@code problem} says why). */
    void putInvalid(String app, String id, String problem) {
        synchronized (this) {
            apps.computeIfAbsent(app, a -> new TreeMap<>()).put(id, Instance.invalid(app, id, problem));
        }
        changes.touch(List.of(app));
    }

    /** An instance's znode was deleted: it stays, marked gone, for a while. */
    void remove(String app, String id) {
        synchronized (this) {
            Map<String, Instance> instances = apps.get(app);
            Instance instance = instances == null ? null : instances.get(id);
            if (instance == null || instance.gone()) {
                return;
            }
            instances.put(id, instance.goneAt(now()));
        }
        changes.touch(List.of(app));
    }

    /** Forgets gone instances past their time and reports the instances whose status time changed. */
    void refresh() {
        long now = now();
        Set<String> touched = new TreeSet<>();
        synchronized (this) {
            var appIterator = apps.values().iterator();
            while (appIterator.hasNext()) {
                Map<String, Instance> instances = appIterator.next();
                var iterator = instances.values().iterator();
                while (iterator.hasNext()) {
                    Instance instance = iterator.next();
                    String key = instance.app() + '/' + instance.id();
                    if (instance.gone() && now - instance.goneSince() > goneKeptMs) {
                        iterator.remove();
                        reported.remove(key);
                        touched.add(instance.app());
                    } else {
                        InstanceStatus status = InstanceStatus.of(instance, now);
                        if (reported.put(key, status) != status) {
                            touched.add(instance.app());
                        }
                    }
                }
                if (instances.isEmpty()) {
                    appIterator.remove();
                }
            }
        }
        changes.touch(touched);
    }

    /** Every app with its instances (gone ones included), by name. */
    synchronized Map<String, List<Instance>> apps() {
        Map<String, List<Instance>> copy = new LinkedHashMap<>();
        apps.forEach((app, instances) -> copy.put(app, List.copyOf(instances.values())));
        return copy;
    }

    /** The instances of one app by id, gone ones included; empty when the dashboard knows no such app. */
    synchronized List<Instance> app(String app) {
        Map<String, Instance> instances = apps.get(app);
        return instances == null ? List.of() : new ArrayList<>(instances.values());
    }

    /** Whether the dashboard's own ZooKeeper connection is up; while it is not, what it shows is frozen. */
    void connected(boolean now) {
        Set<String> all;
        synchronized (this) {
            if (connected == now) {
                return;
            }
            connected = now;
            all = new TreeSet<>(apps.keySet());
        }
        all.add(""); // The overview changes even when no app is known.
        changes.touch(all);
    }

    synchronized boolean connected() {
        return connected;
    }
}
