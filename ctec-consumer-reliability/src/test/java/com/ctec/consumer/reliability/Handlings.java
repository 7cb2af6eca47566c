package com.ctec.consumer.reliability;

import java.util.ArrayList;
import java.util.List;

/** Every {@link Handling} of a torture run, from this JVM's workers or read from the child processes' files. */
final class Handlings implements TortureWorker.Journal {
    private final List<Handling> all = new ArrayList<>();
    private volatile long lastMillis;

    @Override
    public synchronized void record(Handling handling) {
        all.add(handling);
        lastMillis = Math.max(lastMillis, handling.millis());
    }

    /** For {@link ProcessSubject}: one line of a child's journal. */
    void line(String[] parts) {
        Handling handling = Handling.parse(parts);
        if (handling != null) {
            record(handling);
        }
    }

    synchronized List<Handling> all() {
        return List.copyOf(all);
    }

    synchronized int size() {
        return all.size();
    }

    /** When the last worker call started (epoch ms), 0 before the first. */
    long lastMillis() {
        return lastMillis;
    }
}
