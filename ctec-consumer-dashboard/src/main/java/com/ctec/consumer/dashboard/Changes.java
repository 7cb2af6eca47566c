package com.ctec.consumer.dashboard;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A version number that goes up with every change of the fleet, which apps each change touched,
 * and a wait for the next change: what the event stream tells the pages.
 *
 * <p>A lock and a condition rather than {@code synchronized}/{@code wait}: the streams wait on
 * virtual threads, which a monitor wait would pin to their carrier on Java 21.
 */
final class Changes {
    /** Returned by {@link #await} once the dashboard closes. */
    static final long CLOSED = -1;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Long> appVersions = new HashMap<>();
    private long version;
    private boolean closed;

    /** Records a change of these apps and wakes the waiting streams. */
    void touch(Collection<String> apps) {
        if (apps.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            version++;
            for (String app : apps) {
                appVersions.put(app, version);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** The apps changed after version {@code seen}, sorted. */
    Set<String> appsSince(long seen) {
        lock.lock();
        try {
            Set<String> apps = new TreeSet<>();
            appVersions.forEach((app, v) -> {
                if (v > seen) {
                    apps.add(app);
                }
            });
            return apps;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version is past {@code seen} or the timeout passes; returns the version then, or {@link #CLOSED}. */
    long await(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && version == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return closed ? CLOSED : version;
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait, so the streams finish and the server can stop. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
